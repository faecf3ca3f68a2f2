namespace Streaming;

/// <summary>A consumer group as listed: id, state and protocol type.</summary>
public sealed record ConsumerGroupListing(string GroupId, ConsumerGroupState State, string ProtocolType);
