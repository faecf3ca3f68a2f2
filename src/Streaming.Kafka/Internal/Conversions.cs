using CK = Confluent.Kafka;

namespace Streaming.Kafka.Internal;

/// <summary>Between the framework's value types and Confluent.Kafka's (same meanings, same special offset values).</summary>
internal static class Conversions
{
    public static CK.TopicPartition ToConfluent(this TopicPartition tp) => new(tp.Topic, new CK.Partition(tp.Partition));

    public static CK.TopicPartitionOffset ToConfluent(this TopicPartitionOffset tpo) => new(tpo.Topic, new CK.Partition(tpo.Partition), new CK.Offset(tpo.Offset.Value));

    public static TopicPartition ToStreaming(this CK.TopicPartition tp) => new(tp.Topic, tp.Partition.Value);

    public static TopicPartitionOffset ToStreaming(this CK.TopicPartitionOffset tpo) => new(tpo.Topic, tpo.Partition.Value, new Offset(tpo.Offset.Value));

    public static Timestamp ToStreaming(this CK.Timestamp timestamp)
        => timestamp.Type == CK.TimestampType.NotAvailable ? Timestamp.Default : new Timestamp(timestamp.UnixTimestampMs, (TimestampType)(int)timestamp.Type);

    public static CK.Timestamp ToConfluent(this Timestamp timestamp)
        => timestamp.Type == TimestampType.NotAvailable ? CK.Timestamp.Default : new CK.Timestamp(timestamp.UnixTimestampMs, (CK.TimestampType)(int)timestamp.Type);

    public static TopicPartition[] ToStreaming(this IEnumerable<CK.TopicPartition> partitions) => partitions.Select(p => p.ToStreaming()).ToArray();

    public static TopicPartition[] ToStreaming(this IEnumerable<CK.TopicPartitionOffset> partitions) => partitions.Select(p => p.TopicPartition.ToStreaming()).ToArray();

    /// <summary>Our headers as Confluent's; the value arrays are shared, not copied.</summary>
    public static CK.Headers? ToConfluent(this Headers? headers)
    {
        if (headers is null || headers.Count == 0) return null;
        var result = new CK.Headers();
        foreach (var header in headers) result.Add(header.Key, header.GetValueBytes());
        return result;
    }

    /// <summary>Confluent's headers as ours; the value arrays are shared, not copied.</summary>
    public static Headers? ToStreaming(this CK.Headers? headers)
    {
        if (headers is null || headers.Count == 0) return null;
        var result = new Headers();
        foreach (var header in headers) result.Add(header.Key, header.GetValueBytes());
        return result;
    }
}
