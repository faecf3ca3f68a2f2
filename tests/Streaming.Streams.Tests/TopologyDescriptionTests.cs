using Streaming.Streams.Kstream;

namespace Streaming.Streams.Tests;

public sealed class TopologyDescriptionTests
{
    [Fact]
    public void Describe_StatelessChain_PrintsKafkaStyleNodesWithGeneratedNames()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").Filter((_, v) => v.Length > 0).MapValues(v => v.ToUpperInvariant()).To("out");

        Assert.Equal(
            """
            Topologies:
               Sub-topology: 0
                Source: KSTREAM-SOURCE-0000000000 (topics: [in])
                  --> KSTREAM-FILTER-0000000001
                Processor: KSTREAM-FILTER-0000000001 (stores: [])
                  --> KSTREAM-MAPVALUES-0000000002
                  <-- KSTREAM-SOURCE-0000000000
                Processor: KSTREAM-MAPVALUES-0000000002 (stores: [])
                  --> KSTREAM-SINK-0000000003
                  <-- KSTREAM-FILTER-0000000001
                Sink: KSTREAM-SINK-0000000003 (topic: out)
                  <-- KSTREAM-MAPVALUES-0000000002


            """.ReplaceLineEndings("\n"),
            builder.Build().Describe().ToString());
    }

    [Fact]
    public void Describe_KeyChangeBeforeCount_AddsRepartitionTopicAndSecondSubtopology()
    {
        var builder = new StreamsBuilder(TestConfig.Create("wc"));
        builder.Stream<string, string>("in").SelectKey((_, v) => v).GroupByKey().Count();

        Topology topology = builder.Build();

        Assert.Equal(
            """
            Topologies:
               Sub-topology: 0
                Source: KSTREAM-SOURCE-0000000000 (topics: [in])
                  --> KSTREAM-KEY-SELECT-0000000001
                Processor: KSTREAM-KEY-SELECT-0000000001 (stores: [])
                  --> KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition-filter
                  <-- KSTREAM-SOURCE-0000000000
                Processor: KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition-filter (stores: [])
                  --> KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition-sink
                  <-- KSTREAM-KEY-SELECT-0000000001
                Sink: KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition-sink (topic: wc-KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition)
                  <-- KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition-filter

               Sub-topology: 1
                Source: KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition-source (topics: [wc-KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition])
                  --> KSTREAM-AGGREGATE-0000000003
                Processor: KSTREAM-AGGREGATE-0000000003 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000002])
                  --> none
                  <-- KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition-source


            """.ReplaceLineEndings("\n"),
            topology.Describe().ToString());
        Assert.Equal(["wc-KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition"], topology.RepartitionTopics);
        Assert.Equal(["wc-KSTREAM-AGGREGATE-STATE-STORE-0000000002-changelog"], topology.ChangelogTopics);
    }

    [Fact]
    public void Describe_GroupedName_NamesTheRepartitionTopic()
    {
        var builder = new StreamsBuilder(TestConfig.Create("shop"));
        builder.Stream<string, string>("orders").GroupBy((_, v) => v, Grouped<string, string>.As("by-item")).Count(Named.As("counter"), Materialized<string, long>.As("item-counts"));

        TopologyDescription d = builder.Build().Describe();

        Assert.Equal(2, d.Subtopologies.Count);
        NodeDescription sink = d.Subtopologies[0].Nodes.Single(n => n.Kind == "Sink");
        Assert.Equal("by-item-repartition-sink", sink.Name);
        Assert.Equal(["shop-by-item-repartition"], sink.Topics);
        NodeDescription counter = d.Subtopologies[1].Nodes.Single(n => n.Name == "counter");
        Assert.Equal(["item-counts"], counter.Stores);
        Assert.Equal(["by-item-repartition-source"], counter.Predecessors);
    }

    [Fact]
    public void Describe_GroupByKeyWithoutKeyChange_HasNoRepartition()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").MapValues(v => v.Length).GroupByKey().Count();

        Topology topology = builder.Build();

        Assert.Single(topology.Describe().Subtopologies);
        Assert.Empty(topology.RepartitionTopics);
    }

    [Fact]
    public void Describe_TopicChooserSink_SaysTopicIsChosenPerRecord()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").To((k, _, _) => "t-" + k);

        Assert.Contains("Sink: KSTREAM-SINK-0000000001 (topic: <chosen per record>)", builder.Build().Describe().ToString());
    }
}
