namespace Streaming.Protocol.Messages;

/// <summary>A request or response body of one Kafka API.</summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IKafkaMessage<TSelf> : IProtocolStruct<TSelf> where TSelf : IKafkaMessage<TSelf>
{
    /// <summary>The API this message belongs to.</summary>
    static abstract ApiKey ApiKey { get; }
}
