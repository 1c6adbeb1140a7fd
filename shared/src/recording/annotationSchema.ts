import { z } from 'zod';
import { epochMsSchema } from '../sampleSchema.ts';

/** A note an engineer pins to a moment (`t`) or a span (`t`..`end`) of a recording. */
export const annotationSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/, 'annotation ids are letters, digits, "_" and "-"'),
    t: epochMsSchema,
    end: epochMsSchema.optional(),
    text: z.string().trim().min(1, 'text is required').max(2000),
    author: z.string().trim().min(1, 'author is required').max(80),
    createdAt: epochMsSchema,
  })
  .refine((a) => a.end === undefined || a.end >= a.t, { message: 'end must not be before t', path: ['end'] });
export type Annotation = z.infer<typeof annotationSchema>;
