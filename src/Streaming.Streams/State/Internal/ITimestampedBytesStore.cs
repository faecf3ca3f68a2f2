namespace Streaming.Streams.State.Internal;

/// <summary>
/// Marks a store layer whose values are [timestamp][value] while its changelog records carry the value alone (Kafka's
/// <c>TimestampedBytesStore</c>): restoring it must store <see cref="ValueAndTimestampSerde.FromChangelog"/> of each record.
/// </summary>
internal interface ITimestampedBytesStore;
