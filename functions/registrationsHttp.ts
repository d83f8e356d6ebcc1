/** POST /api/registrations: one registration record or an array; valid ones land, the rest are quarantined. */
import { landingHttpHandler } from '../shared/functions/handlers.js';

export const registrationsHttp = landingHttpHandler('registration');
