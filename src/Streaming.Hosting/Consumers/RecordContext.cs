namespace Streaming.Hosting;

/// <summary>Where a record came from and what a handler may use while handling it.</summary>
public sealed class RecordContext
{
    internal RecordContext(string groupId, TopicPartitionOffset position, Headers? headers, int attempt, IRecordProducer producer, CancellationToken cancellationToken)
    {
        GroupId = groupId;
        Topic = position.Topic;
        Partition = position.Partition;
        Offset = position.Offset;
        Headers = headers;
        Attempt = attempt;
        Producer = producer;
        CancellationToken = cancellationToken;
    }

    /// <summary>The consumer group.</summary>
    public string GroupId { get; }

    /// <summary>The record's topic.</summary>
    public string Topic { get; }

    /// <summary>The record's partition.</summary>
    public int Partition { get; }

    /// <summary>The record's offset.</summary>
    public Offset Offset { get; }

    /// <summary>The record's headers, or null.</summary>
    public Headers? Headers { get; }

    /// <summary>1 for the first attempt, 2 for the first retry, and so on.</summary>
    public int Attempt { get; }

    /// <summary>Produces follow-up records (inside the transaction under exactly-once).</summary>
    public IRecordProducer Producer { get; }

    /// <summary>Cancelled when the host stops and its shutdown timeout runs out.</summary>
    public CancellationToken CancellationToken { get; }
}
