using Microsoft.Extensions.Logging;
using Streaming.Streams;

namespace Streaming.Hosting.Diagnostics;

/// <summary>The host's log messages; event ids are stable (31xx).</summary>
internal static partial class Log
{
    [LoggerMessage(3100, LogLevel.Information, "Streaming transport '{Transport}' ready")]
    public static partial void TransportReady(ILogger logger, string transport);

    [LoggerMessage(3101, LogLevel.Information, "Embedded broker listener accepting Kafka clients on {BootstrapServers}")]
    public static partial void ListenerStarted(ILogger logger, string bootstrapServers);

    [LoggerMessage(3102, LogLevel.Information, "Created topic '{Topic}' with {Partitions} partition(s)")]
    public static partial void TopicCreated(ILogger logger, string topic, int partitions);

    [LoggerMessage(3103, LogLevel.Warning, "Broker operation '{Operation}' failed (attempt {Attempt}); retrying in {Delay}")]
    public static partial void BrokerRetry(ILogger logger, Exception exception, string operation, int attempt, TimeSpan delay);

    [LoggerMessage(3110, LogLevel.Information, "Consumer '{Consumer}' (group '{GroupId}') started on {Topics} with {Guarantee}")]
    public static partial void ConsumerStarted(ILogger logger, string consumer, string groupId, string topics, DeliveryGuarantee guarantee);

    [LoggerMessage(3111, LogLevel.Information, "Consumer '{Consumer}' stopped; committed {Offsets}")]
    public static partial void ConsumerStopped(ILogger logger, string consumer, string offsets);

    [LoggerMessage(3112, LogLevel.Information, "Consumer '{Consumer}' assigned {Partitions}")]
    public static partial void PartitionsAssigned(ILogger logger, string consumer, string partitions);

    [LoggerMessage(3113, LogLevel.Information, "Consumer '{Consumer}' revoked {Partitions}")]
    public static partial void PartitionsRevoked(ILogger logger, string consumer, string partitions);

    [LoggerMessage(3114, LogLevel.Warning, "Consumer '{Consumer}' lost {Partitions} without a chance to commit")]
    public static partial void PartitionsLost(ILogger logger, string consumer, string partitions);

    [LoggerMessage(3120, LogLevel.Warning, "Consumer '{Consumer}' failed on {Position} (attempt {Attempt})")]
    public static partial void HandlerAttemptFailed(ILogger logger, Exception exception, string consumer, TopicPartitionOffset position, int attempt);

    [LoggerMessage(3121, LogLevel.Error, "Consumer '{Consumer}' gave up on {Position}; sent it to '{DeadLetterTopic}'")]
    public static partial void DeadLettered(ILogger logger, Exception exception, string consumer, TopicPartitionOffset position, string deadLetterTopic);

    [LoggerMessage(3122, LogLevel.Critical, "Consumer '{Consumer}' stopped on a fatal error at {Position}; the record is not committed and will be redelivered")]
    public static partial void ConsumerFatal(ILogger logger, Exception exception, string consumer, string position);

    [LoggerMessage(3123, LogLevel.Critical, "Stopping the host because consumer '{Consumer}' failed fatally (Streaming:StopHostOnFatalError is true)")]
    public static partial void StoppingHost(ILogger logger, string consumer);

    [LoggerMessage(3124, LogLevel.Warning, "Consumer '{Consumer}' could not commit; the offsets will be committed later or the records redelivered")]
    public static partial void CommitFailed(ILogger logger, Exception exception, string consumer);

    [LoggerMessage(3125, LogLevel.Warning, "Consumer '{Consumer}' aborted its transaction; its partitions rewind to the committed offsets")]
    public static partial void TransactionAborted(ILogger logger, Exception exception, string consumer);

    [LoggerMessage(3126, LogLevel.Warning, "Consumer '{Consumer}' hit a broker or connection fault; retrying in {Delay}")]
    public static partial void ConsumeRetry(ILogger logger, Exception exception, string consumer, TimeSpan delay);

    [LoggerMessage(3127, LogLevel.Warning, "Consumer '{Consumer}' did not finish its in-flight records within the shutdown timeout; what was not finished will be redelivered")]
    public static partial void ShutdownTimedOut(ILogger logger, string consumer);

    [LoggerMessage(3128, LogLevel.Warning, "Consumer '{Consumer}': producer '{TransactionalId}' was fenced by another instance (fencing {Fencings} in a row); replacing it and rewinding to the committed offsets")]
    public static partial void ProducerFenced(ILogger logger, Exception exception, string consumer, string transactionalId, int fencings);

    [LoggerMessage(3129, LogLevel.Critical, "Consumer '{Consumer}' could not write {Position} to its dead-letter topic '{DeadLetterTopic}'; it stops without committing the record")]
    public static partial void DeadLetterFailed(ILogger logger, Exception exception, string consumer, TopicPartitionOffset position, string deadLetterTopic);

    [LoggerMessage(3130, LogLevel.Information, "Topology '{ApplicationId}' starting with {Threads} stream thread(s), {Guarantee}, state in '{StateDirectory}'")]
    public static partial void TopologyStarting(ILogger logger, string applicationId, int threads, string guarantee, string stateDirectory);

    [LoggerMessage(3131, LogLevel.Information, "Topology '{ApplicationId}' stopped (state {State})")]
    public static partial void TopologyStopped(ILogger logger, string applicationId, KafkaStreamsState state);

    [LoggerMessage(3132, LogLevel.Critical, "Topology '{ApplicationId}' failed and stopped processing")]
    public static partial void TopologyFailed(ILogger logger, Exception? exception, string applicationId);

    [LoggerMessage(3133, LogLevel.Critical, "Stopping the host because topology '{ApplicationId}' failed (its StopHostOnError, or Streaming:StopHostOnFatalError, is true)")]
    public static partial void StoppingHostForTopology(ILogger logger, string applicationId);

    [LoggerMessage(3134, LogLevel.Warning, "Topology '{ApplicationId}' did not close within the shutdown timeout; uncommitted work will be processed again at the next start")]
    public static partial void TopologyCloseTimedOut(ILogger logger, string applicationId);

    [LoggerMessage(3135, LogLevel.Error, "Topology '{ApplicationId}' could not start")]
    public static partial void TopologyStartFailed(ILogger logger, Exception exception, string applicationId);

    [LoggerMessage(3136, LogLevel.Warning, "Topology '{ApplicationId}' stopped while the host is running (state {State}); it is no longer processing")]
    public static partial void TopologyStoppedUnexpectedly(ILogger logger, string applicationId, KafkaStreamsState state);
}
