using Streaming.Protocol.Messages;

namespace Streaming.Protocol.Tests.Messages;

/// <summary>A message type under test with a sample builder that fills every field the version has.</summary>
public abstract class MessageCase
{
    public abstract string Name { get; }

    public abstract ApiKey ApiKey { get; }

    public abstract object Sample(short version);

    public abstract byte[] Encode(object message, short version);

    public abstract object Decode(ReadOnlyMemory<byte> bytes, short version);

    public abstract int Measure(object message, short version);

    public override string ToString() => Name;
}

public sealed class MessageCase<T>(Func<short, T> sample) : MessageCase where T : IKafkaMessage<T>
{
    public override string Name => typeof(T).Name;

    public override ApiKey ApiKey => T.ApiKey;

    public override object Sample(short version) => sample(version);

    public override byte[] Encode(object message, short version) => KafkaMessage.Encode((T)message, version);

    public override object Decode(ReadOnlyMemory<byte> bytes, short version) => KafkaMessage.Decode<T>(bytes, version);

    public override int Measure(object message, short version) => KafkaMessage.Measure((T)message, version);
}
