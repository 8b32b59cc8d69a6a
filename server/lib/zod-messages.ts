/**
 * zod's English issue messages ("Too small: expected string to have >=1 characters"), which the
 * server and the command line pass on when they name a field and its rule (docs/api.md, "Errors").
 * The wire schemas of shared/ are written with `zod/mini`, which loads no messages (a bare "Invalid
 * input"); classic zod loads them when imported, but a process that imports it only for types (the
 * command line) would not. The setting is global to zod 4's core, so once is enough: the composition
 * root (server/domain.ts) imports this file, and every server process builds the domain.
 */
import { z } from 'zod';

z.config(z.locales.en());
