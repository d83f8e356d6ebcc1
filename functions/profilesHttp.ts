/** POST /api/profiles: one profile record or an array; valid ones land, the rest are quarantined. */
import { landingHttpHandler } from '../shared/functions/handlers.js';

export const profilesHttp = landingHttpHandler('profile');
