using Streaming.Streams.Internal;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>Declares the sink and source of a repartition topic <c>&lt;application.id&gt;-&lt;name&gt;-repartition</c>.</summary>
internal static class Repartitioning
{
    /// <summary>
    /// Adds, under <paramref name="parent"/>, an optional null-key filter, the sink and the source of the repartition topic
    /// named after <paramref name="baseName"/>; returns the source's name. <paramref name="owner"/> describes the operation
    /// in the error raised when two repartition topics get one name.
    /// </summary>
    public static string Add<TKey, TValue>(StreamsBuilder builder, string parent, string baseName, Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
        string owner, bool dropNullKeys, StreamPartitioner<TKey, TValue>? partitioner = null, int? partitionCount = null)
    {
        string topic = InternalNames.Repartition(builder.Config.ApplicationId, baseName);
        // A second repartition with the same name gets distinct node names so that Build reports the shared topic, not a node clash.
        string prefix = builder.Inner.HasNode(baseName + "-repartition-sink") ? builder.Inner.NewName(baseName + "-") : baseName;
        string sink = prefix + "-repartition-sink";
        string source = prefix + "-repartition-source";
        if (dropNullKeys)
        {
            string filter = prefix + "-repartition-filter";
            builder.AddDslProcessor<TKey, TValue, TKey, TValue>(filter, static () => new FilterProcessor<TKey, TValue>(static (k, _) => k is not null, negate: false), parent);
            parent = filter;
        }
        builder.Inner.AddSinkInternal(sink, topic, null, keySerde, valueSerde, [parent], repartition: true, partitioner);
        builder.Inner.AddSourceInternal<TKey, TValue>(source, [topic], keySerde, valueSerde, null, repartition: true, owner: owner, partitionCount: partitionCount);
        return source;
    }
}
