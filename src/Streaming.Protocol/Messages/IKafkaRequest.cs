namespace Streaming.Protocol.Messages;

/// <summary>A request body; its response type is <typeparamref name="TResponse"/>.</summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
/// <typeparam name="TResponse">The response to this request.</typeparam>
public interface IKafkaRequest<TSelf, TResponse> : IKafkaMessage<TSelf>
    where TSelf : IKafkaRequest<TSelf, TResponse>
    where TResponse : IKafkaMessage<TResponse>;
