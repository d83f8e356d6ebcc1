/** POST /api/workouts: one workout record or an array; valid ones land, the rest are quarantined. */
import { landingHttpHandler } from '../shared/functions/handlers.js';

export const workoutsHttp = landingHttpHandler('workout');
