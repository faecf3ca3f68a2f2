using Streaming.Protocol;

namespace Streaming.Broker.Protocol;

/// <summary>Maps what a broker call threw to the protocol's error code (and keeps the message for responses that carry one).</summary>
internal static class ErrorCodes
{
    public static short From(Exception exception) => (short)Code(exception);

    public static ErrorCode Code(Exception exception) => exception switch
    {
        StreamingException s when (short)s.Code >= 0 => s.Code,
        InvalidStateException => ErrorCode.InvalidRequest,
        InvalidConfigurationException => ErrorCode.InvalidConfig,
        ArgumentException => ErrorCode.InvalidRequest,
        ProtocolException => ErrorCode.InvalidRequest,
        Streaming.Protocol.Records.CorruptRecordException => ErrorCode.CorruptMessage,
        _ => ErrorCode.UnknownServerError,
    };
}
