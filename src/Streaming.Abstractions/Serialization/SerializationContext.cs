namespace Streaming;

/// <summary>What a serializer knows about the record it is working on.</summary>
public readonly record struct SerializationContext(MessageComponentType Component, string Topic, Headers? Headers = null);
