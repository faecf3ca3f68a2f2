namespace Streaming.Hosting.Consumers;

/// <summary>One <c>AddConsumer</c> call: what to consume, for which group, with which handler.</summary>
internal sealed record ConsumerRegistration(string Name, string GroupId, IReadOnlyList<string> Topics, Type HandlerType, Type KeyType, Type ValueType);
