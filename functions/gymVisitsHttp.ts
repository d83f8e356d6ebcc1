/** POST /api/gym-visits: one gym_visit record or an array; valid ones land, the rest are quarantined. */
import { landingHttpHandler } from '../shared/functions/handlers.js';

export const gymVisitsHttp = landingHttpHandler('gym_visit');
