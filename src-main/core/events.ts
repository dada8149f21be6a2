import type { z } from 'zod';
import type { Events } from '../../src-shared/api';

export type EventSink = <K extends keyof Events & string>(name: K, payload: z.input<Events[K]>) => void;
