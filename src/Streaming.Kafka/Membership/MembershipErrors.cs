using Streaming.Kafka.Errors;
using CK = Confluent.Kafka;

namespace Streaming.Kafka.Membership;

/// <summary>
/// Kafka error codes the membership client reacts to, and the framework exception for any code a broker returns —
/// the same mapping as for librdkafka's errors (<see cref="KafkaErrorMapper"/>), so an application sees one exception
/// per Kafka error whichever part of the transport met it.
/// </summary>
internal static class MembershipErrors
{
    public const ErrorCode NetworkException = (ErrorCode)13;
    public const ErrorCode CoordinatorLoadInProgress = (ErrorCode)14;
    public const ErrorCode NotCoordinator = (ErrorCode)16;
    public const ErrorCode UnsupportedVersion = (ErrorCode)35;
    public const ErrorCode MemberIdRequired = (ErrorCode)79;

    /// <summary>The coordinator moved, is starting or is unknown: find it again and retry.</summary>
    public static bool IsCoordinatorError(short code) => (ErrorCode)code is ErrorCode.CoordinatorNotAvailable or CoordinatorLoadInProgress or NotCoordinator;

    /// <summary>The exception for a broker's error <paramref name="code"/>, its message starting with <paramref name="what"/>.</summary>
    public static StreamingException ToException(short code, string what)
        => KafkaErrorMapper.Map(new CK.Error((CK.ErrorCode)code), what);

    /// <summary>True for failures that finding the coordinator again and retrying may cure (connection lost, timeouts).</summary>
    public static bool IsTransient(Exception exception) => exception is RetriableException;
}
