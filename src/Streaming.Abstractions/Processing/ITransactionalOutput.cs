namespace Streaming;

/// <summary>Where an exactly-once processor's transform writes its results: into the open transaction.</summary>
public interface ITransactionalOutput<TKey, TValue>
{
    /// <summary>Produces a result record to <paramref name="topic"/> (partitioned by key) inside the open transaction.</summary>
    void Produce(string topic, Message<TKey, TValue> message);

    /// <summary>Produces a result record to a given partition inside the open transaction.</summary>
    void Produce(TopicPartition topicPartition, Message<TKey, TValue> message);
}
