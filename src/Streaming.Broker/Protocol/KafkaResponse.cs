using System.Buffers;
using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol;

/// <summary>A response ready to be framed and written to its connection; releases what it holds when disposed.</summary>
internal abstract class KafkaResponse : IDisposable
{
    /// <summary>Writes the whole frame (size prefix, header, body).</summary>
    public abstract void WriteTo(IBufferWriter<byte> output);

    public virtual void Dispose()
    {
    }

    public static KafkaResponse Of<T>(RequestContext context, T body, IDisposable? resources = null, short? version = null) where T : IKafkaMessage<T>
        => new Typed<T>(context.Header.CorrelationId, version ?? context.Header.ApiVersion, body, resources);

    private sealed class Typed<T>(int correlationId, short version, T body, IDisposable? resources) : KafkaResponse where T : IKafkaMessage<T>
    {
        public override void WriteTo(IBufferWriter<byte> output) => KafkaFrames.WriteResponse(output, correlationId, version, body);

        public override void Dispose() => resources?.Dispose();
    }
}
