// Every capability's HTTP module, in registration order.
import '../core/messages.ts';
import type { AppModule } from '../http/app.ts';
import { identityModule } from './identity/identity.routes.ts';

export const modules: AppModule[] = [identityModule];
