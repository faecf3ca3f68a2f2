using Streaming.Streams.Internal;
using Streaming.Streams.Kstream.Internal;
using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream;

/// <summary>A record stream of the DSL: every record is an independent event.</summary>
public sealed partial class KStream<TKey, TValue>
{
    private readonly StreamsBuilder _builder;

    internal KStream(StreamsBuilder builder, string nodeName, Serde<TKey>? keySerde, Serde<TValue>? valueSerde, bool repartitionRequired)
    {
        _builder = builder;
        NodeName = nodeName;
        KeySerde = keySerde;
        ValueSerde = valueSerde;
        RepartitionRequired = repartitionRequired;
    }

    internal string NodeName { get; }

    internal Serde<TKey>? KeySerde { get; }

    internal Serde<TValue>? ValueSerde { get; }

    /// <summary>True after an operation that may change keys: a grouping downstream then goes through a repartition topic.</summary>
    internal bool RepartitionRequired { get; }

    /// <summary>Keeps the records that satisfy <paramref name="predicate"/>.</summary>
    public KStream<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Named? named = null)
        => Same(named, "KSTREAM-FILTER-", () => new FilterProcessor<TKey, TValue>(predicate, negate: false), predicate);

    /// <summary>Drops the records that satisfy <paramref name="predicate"/>.</summary>
    public KStream<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Named? named = null)
        => Same(named, "KSTREAM-FILTER-", () => new FilterProcessor<TKey, TValue>(predicate, negate: true), predicate);

    /// <summary>Replaces key and value; a later grouping repartitions.</summary>
    public KStream<TKeyOut, TValueOut> Map<TKeyOut, TValueOut>(Func<TKey, TValue, (TKeyOut Key, TValueOut Value)> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return Add<TKeyOut, TValueOut>(named, "KSTREAM-MAP-", () => new MapProcessor<TKey, TValue, TKeyOut, TValueOut>(mapper), null, null, true);
    }

    /// <summary>Replaces the value, keeping the key.</summary>
    public KStream<TKey, TValueOut> MapValues<TValueOut>(Func<TValue, TValueOut> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return MapValues<TValueOut>((_, v) => mapper(v), named);
    }

    /// <summary>Replaces the value, computed from key and value, keeping the key.</summary>
    public KStream<TKey, TValueOut> MapValues<TValueOut>(Func<TKey, TValue, TValueOut> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return Add<TKey, TValueOut>(named, "KSTREAM-MAPVALUES-", () => new MapValuesProcessor<TKey, TValue, TValueOut>(mapper), KeySerde, null, RepartitionRequired);
    }

    /// <summary>Replaces each record with zero or more records; a later grouping repartitions.</summary>
    public KStream<TKeyOut, TValueOut> FlatMap<TKeyOut, TValueOut>(Func<TKey, TValue, IEnumerable<(TKeyOut Key, TValueOut Value)>> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return Add<TKeyOut, TValueOut>(named, "KSTREAM-FLATMAP-", () => new FlatMapProcessor<TKey, TValue, TKeyOut, TValueOut>(mapper), null, null, true);
    }

    /// <summary>Replaces each record with zero or more records of the same key.</summary>
    public KStream<TKey, TValueOut> FlatMapValues<TValueOut>(Func<TValue, IEnumerable<TValueOut>> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return FlatMapValues<TValueOut>((_, v) => mapper(v), named);
    }

    /// <summary>Replaces each record with zero or more records of the same key, computed from key and value.</summary>
    public KStream<TKey, TValueOut> FlatMapValues<TValueOut>(Func<TKey, TValue, IEnumerable<TValueOut>> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return Add<TKey, TValueOut>(named, "KSTREAM-FLATMAPVALUES-", () => new FlatMapValuesProcessor<TKey, TValue, TValueOut>(mapper), KeySerde, null, RepartitionRequired);
    }

    /// <summary>Sets a new key computed from key and value; a later grouping repartitions.</summary>
    public KStream<TKeyOut, TValue> SelectKey<TKeyOut>(Func<TKey, TValue, TKeyOut> selector, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return Add<TKeyOut, TValue>(named, "KSTREAM-KEY-SELECT-", () => new MapProcessor<TKey, TValue, TKeyOut, TValue>((k, v) => (selector(k, v), v)), null, ValueSerde, true);
    }

    /// <summary>Calls <paramref name="action"/> for each record and passes it on unchanged.</summary>
    public KStream<TKey, TValue> Peek(Action<TKey, TValue> action, Named? named = null)
        => Same(named, "KSTREAM-PEEK-", () => new PeekProcessor<TKey, TValue>(action), action);

    /// <summary>Calls <paramref name="action"/> for each record; a terminal operation.</summary>
    public void Foreach(Action<TKey, TValue> action, Named? named = null)
        => Same(named, "KSTREAM-FOREACH-", () => new PeekProcessor<TKey, TValue>(action), action);

    /// <summary>Splits the stream into branches by predicates, each record going to the first branch it matches.</summary>
    public BranchedKStream<TKey, TValue> Split(Named? named = null)
    {
        string name = _builder.ProcessorName(named, "KSTREAM-BRANCH-");
        return new BranchedKStream<TKey, TValue>(_builder, this, name);
    }

    /// <summary>The records of this stream and of <paramref name="other"/>, interleaved as they are processed.</summary>
    public KStream<TKey, TValue> Merge(KStream<TKey, TValue> other, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(other);
        string name = _builder.ProcessorName(named, "KSTREAM-MERGE-");
        _builder.AddDslProcessor<TKey, TValue, TKey, TValue>(name, static () => new PassThroughProcessor<TKey, TValue>(), NodeName, other.NodeName);
        return new KStream<TKey, TValue>(_builder, name, ReferenceEquals(KeySerde, other.KeySerde) ? KeySerde : null,
            ReferenceEquals(ValueSerde, other.ValueSerde) ? ValueSerde : null, RepartitionRequired || other.RepartitionRequired);
    }

    /// <summary>Writes every record to <paramref name="topic"/>.</summary>
    public void To(string topic, Produced<TKey, TValue>? produced = null)
    {
        InternalNames.ValidateTopic(topic);
        string name = produced?.Name ?? _builder.Inner.NewName("KSTREAM-SINK-");
        _builder.Inner.AddSinkInternal<TKey, TValue>(name, topic, null, produced?.KeySerde ?? KeySerde, produced?.ValueSerde ?? ValueSerde, [NodeName], repartition: false,
            produced?.Partitioner);
    }

    /// <summary>Writes each record to the topic <paramref name="topicChooser"/> picks for it.</summary>
    public void To(TopicNameExtractor<TKey, TValue> topicChooser, Produced<TKey, TValue>? produced = null)
    {
        ArgumentNullException.ThrowIfNull(topicChooser);
        string name = produced?.Name ?? _builder.Inner.NewName("KSTREAM-SINK-");
        _builder.Inner.AddSinkInternal(name, null, topicChooser, produced?.KeySerde ?? KeySerde, produced?.ValueSerde ?? ValueSerde, [NodeName], repartition: false,
            produced?.Partitioner);
    }

    /// <summary>
    /// Writes the records to the repartition topic <c>&lt;application.id&gt;-&lt;name&gt;-repartition</c> and reads them back, so that
    /// downstream sees them partitioned by their current key (or by <see cref="Repartitioned{TKey, TValue}.Partitioner"/>); a later
    /// grouping does not repartition again.
    /// </summary>
    public KStream<TKey, TValue> Repartition(Repartitioned<TKey, TValue>? repartitioned = null)
    {
        string baseName = repartitioned?.Name ?? _builder.Inner.NewName("KSTREAM-REPARTITION-");
        Serde<TKey>? keySerde = repartitioned?.KeySerde ?? KeySerde;
        Serde<TValue>? valueSerde = repartitioned?.ValueSerde ?? ValueSerde;
        string source = Repartitioning.Add(_builder, NodeName, baseName, keySerde, valueSerde, owner: $"repartition '{baseName}' after '{NodeName}'",
            dropNullKeys: false, repartitioned?.Partitioner, repartitioned?.NumberOfPartitions);
        return new KStream<TKey, TValue>(_builder, source, keySerde, valueSerde, repartitionRequired: false);
    }

    /// <summary>Groups by the current key (repartitioning first if an upstream operation may have changed keys).</summary>
    public KGroupedStream<TKey, TValue> GroupByKey(Grouped<TKey, TValue>? grouped = null)
        => new(_builder, this, grouped?.Name, grouped?.KeySerde ?? KeySerde, grouped?.ValueSerde ?? ValueSerde);

    /// <summary>Groups by a new key computed from key and value; always repartitions.</summary>
    public KGroupedStream<TKeyOut, TValue> GroupBy<TKeyOut>(Func<TKey, TValue, TKeyOut> keySelector, Grouped<TKeyOut, TValue>? grouped = null)
    {
        KStream<TKeyOut, TValue> rekeyed = SelectKey(keySelector);
        return new(_builder, rekeyed, grouped?.Name, grouped?.KeySerde, grouped?.ValueSerde ?? ValueSerde);
    }

    /// <summary>Runs a Processor API processor per task, with access to <paramref name="stateStoreNames"/>; it may change keys, so a later grouping repartitions.</summary>
    public KStream<TKeyOut, TValueOut> Process<TKeyOut, TValueOut>(Func<IProcessor<TKey, TValue, TKeyOut, TValueOut>> supplier, Named? named = null,
        params string[] stateStoreNames)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        var result = Add<TKeyOut, TValueOut>(named, "KSTREAM-PROCESSOR-", supplier, null, null, true);
        foreach (string store in stateStoreNames) _builder.Inner.ConnectStores([result.NodeName], store);
        return result;
    }

    /// <summary>Runs a processor that may change values but not keys, with access to <paramref name="stateStoreNames"/>.</summary>
    public KStream<TKey, TValueOut> ProcessValues<TValueOut>(Func<IFixedKeyProcessor<TKey, TValue, TValueOut>> supplier, Named? named = null,
        params string[] stateStoreNames)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        var result = Add<TKey, TValueOut>(named, "KSTREAM-PROCESSVALUES-", () => new FixedKeyProcessorAdapter<TKey, TValue, TValueOut>(supplier()), KeySerde, null, RepartitionRequired);
        foreach (string store in stateStoreNames) _builder.Inner.ConnectStores([result.NodeName], store);
        return result;
    }

    private KStream<TKey, TValue> Same(Named? named, string prefix, Func<IProcessor<TKey, TValue, TKey, TValue>> supplier, Delegate function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Add<TKey, TValue>(named, prefix, supplier, KeySerde, ValueSerde, RepartitionRequired);
    }

    private KStream<TKeyOut, TValueOut> Add<TKeyOut, TValueOut>(Named? named, string prefix, Func<IProcessor<TKey, TValue, TKeyOut, TValueOut>> supplier,
        Serde<TKeyOut>? keySerde, Serde<TValueOut>? valueSerde, bool repartitionRequired)
    {
        string name = _builder.ProcessorName(named, prefix);
        _builder.AddDslProcessor(name, supplier, NodeName);
        return new KStream<TKeyOut, TValueOut>(_builder, name, keySerde, valueSerde, repartitionRequired);
    }
}
