using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol;

/// <summary>Decodes request bodies as Kafka's broker does: bytes after the last field of the version are ignored.</summary>
internal static class RequestDecoder
{
    public static T Decode<T>(RequestContext context, ReadOnlyMemory<byte> body) where T : IKafkaMessage<T>
        => KafkaMessage.Decode<T>(body, context.Version, allowTrailingBytes: true);
}
