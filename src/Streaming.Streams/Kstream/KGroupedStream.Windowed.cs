using Streaming.Streams.Kstream.Internal;

namespace Streaming.Streams.Kstream;

public sealed partial class KGroupedStream<TKey, TValue>
{
    /// <summary>Aggregates per key and tumbling or hopping window (Kafka's <c>windowedBy(TimeWindows)</c>).</summary>
    public TimeWindowedKStream<TKey, TValue> WindowedBy(TimeWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return new(this, windows, null);
    }

    /// <summary>Aggregates per key and sliding window (Kafka's <c>windowedBy(SlidingWindows)</c>).</summary>
    public TimeWindowedKStream<TKey, TValue> WindowedBy(SlidingWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return new(this, null, windows);
    }

    /// <summary>Aggregates per key and session of activity (Kafka's <c>windowedBy(SessionWindows)</c>).</summary>
    public SessionWindowedKStream<TKey, TValue> WindowedBy(SessionWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return new(this, windows);
    }

    internal StreamsBuilder Builder => _builder;

    internal Serde<TKey>? KeySerde => _keySerde;

    internal Serde<TValue>? ValueSerde => _valueSerde;

    /// <summary>The node an aggregation reads from: the stream, or a repartition topic's source when keys may have changed.</summary>
    internal string AggregationParent(string store)
        => _stream.RepartitionRequired
            ? Repartitioning.Add(_builder, _stream.NodeName, _groupName ?? store, _keySerde, _valueSerde,
                _groupName is null ? $"the grouping after '{_stream.NodeName}'" : $"grouping '{_groupName}' after '{_stream.NodeName}'", dropNullKeys: true)
            : _stream.NodeName;
}
