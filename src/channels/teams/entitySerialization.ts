import { Entity } from 'botframework-connector/lib/connectorApi/models/mappers';

/**
 * botbuilder 4.23's connector serializer keeps only `type`, `text` and `mentioned` of an entity:
 * the Activity mapper allows other properties, but the serializer looks entity elements up by class
 * name, and the shared Entity mapper does not. A citation entity would reach Teams as a bare type.
 * Allowing them on the shared mapper lets every entity through as the bot wrote it.
 */
export function keepEntityProperties(): void {
  const type = Entity.type as typeof Entity.type & { additionalProperties?: { type: { name: 'Object' } } };
  type.additionalProperties ??= { type: { name: 'Object' } };
}
