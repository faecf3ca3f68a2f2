namespace Streaming.Streams.State.Internal;

/// <summary>
/// A builder of a store whose data expires (window, session, join buffers): its changelog should be created with
/// <c>cleanup.policy=compact,delete</c> and <c>retention.ms</c> = <see cref="RetentionPeriodMs"/> plus Kafka's
/// <c>windowstore.changelog.additional.retention.ms</c> (1 day), as Kafka does.
/// </summary>
internal interface IWindowedStoreBuilder
{
    long RetentionPeriodMs { get; }
}
