/** POST /api/bpm: gateway for devices without AMQP; valid readings are published to Event Hubs. */
import { bpmGatewayHttpHandler } from '../shared/functions/handlers.js';

export const bpmGatewayHttp = bpmGatewayHttpHandler();
