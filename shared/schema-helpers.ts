/**
 * The few helpers the zod/mini schemas of shared/ are written with. A browser bundle keeps only the
 * schemas its page uses, and only when making a schema has no side effect the bundler can see:
 * zod/mini's functions are marked so (`@__NO_SIDE_EFFECTS__`), a method call (`.check()`,
 * `.register()`) is not. So every check and every registration in shared/ goes through these,
 * marked like zod's own. (An unused schema made with `.check()` stays in every bundle.)
 */
import * as z from 'zod/mini';

/** `schema` with `checks` (`z.minLength(1)`, `z.refine(...)`), applied in order. */
/* @__NO_SIDE_EFFECTS__ */
export function checked<T extends z.ZodMiniType>(schema: T, ...checks: z.core.$ZodCheck<z.output<T>>[]): T {
  return schema.check(...checks);
}

/** A string with `checks` (classic zod's `z.string().trim().min(1)`). */
/* @__NO_SIDE_EFFECTS__ */
export const str = (...checks: z.core.$ZodCheck<string>[]) => checked(z.string(), ...checks);

/** An integer with `checks` (classic zod's `z.number().int().positive()`). */
/* @__NO_SIDE_EFFECTS__ */
export const integer = (...checks: z.core.$ZodCheck<number>[]) => checked(z.number(), z.int(), ...checks);

/** An array of `item` with `checks` on its length. */
/* @__NO_SIDE_EFFECTS__ */
export const list = <T extends z.ZodMiniType>(item: T, ...checks: z.core.$ZodCheck<z.output<T>[]>[]) => checked(z.array(item), ...checks);

/** `schema` registered with `meta` for the OpenAPI document (classic zod's `.meta()`); `id` names a component. */
/* @__NO_SIDE_EFFECTS__ */
export function meta<T extends z.ZodMiniType>(schema: T, data: z.core.GlobalMeta): T {
  z.globalRegistry.add(schema, data);
  return schema;
}
