using Xunit;

namespace Streaming.Abstractions.Tests.Groups;

/// <summary>Looking assignors up by Kafka's <c>partition.assignment.strategy</c> names.</summary>
public sealed class PartitionAssignorsTests
{
    [Theory]
    [InlineData("range", "range")]
    [InlineData("roundrobin", "roundrobin")]
    [InlineData("cooperative-sticky", "cooperative-sticky")]
    [InlineData(" range ", "range")]
    [InlineData("org.apache.kafka.clients.consumer.RangeAssignor", "range")]
    [InlineData("org.apache.kafka.clients.consumer.RoundRobinAssignor", "roundrobin")]
    [InlineData("org.apache.kafka.clients.consumer.CooperativeStickyAssignor", "cooperative-sticky")]
    public void ByName_KnownName_ReturnsThatAssignor(string name, string expectedName)
        => Assert.Equal(expectedName, PartitionAssignors.ByName(name).Name);

    [Fact]
    public void ByName_KnownNames_ReturnTheSharedInstances()
    {
        Assert.Same(PartitionAssignors.Range, PartitionAssignors.ByName("range"));
        Assert.Same(PartitionAssignors.RoundRobin, PartitionAssignors.ByName("roundrobin"));
        Assert.Same(PartitionAssignors.CooperativeSticky, PartitionAssignors.ByName("cooperative-sticky"));
    }

    [Theory]
    [InlineData("sticky")]
    [InlineData("")]
    [InlineData("org.apache.kafka.clients.consumer.StickyAssignor")]
    public void ByName_UnknownName_ThrowsInvalidConfigurationListingKnownNames(string name)
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => PartitionAssignors.ByName(name));

        Assert.Equal(ErrorCode.InvalidConfig, ex.Code);
        Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'range'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'roundrobin'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'cooperative-sticky'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protocols_MatchKafka()
    {
        Assert.Equal(RebalanceProtocol.Eager, PartitionAssignors.Range.Protocol);
        Assert.Equal(RebalanceProtocol.Eager, PartitionAssignors.RoundRobin.Protocol);
        Assert.Equal(RebalanceProtocol.Cooperative, PartitionAssignors.CooperativeSticky.Protocol);
    }
}
