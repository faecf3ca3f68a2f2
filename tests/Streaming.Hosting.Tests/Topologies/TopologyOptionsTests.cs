using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Streaming.Streams;
using Streaming.Streams.State;
using static Streaming.Hosting.Tests.Topologies.TopologyTestSupport;

namespace Streaming.Hosting.Tests.Topologies;

public sealed class TopologyOptionsTests
{
    [Fact]
    public async Task AddTopology_OptionsFromConfiguration_BuildTheStreamsConfigAndCodeAppliesAfterwards()
    {
        using var dir = new TempDirectory();
        string stateDir = Path.Combine(dir.Path, "custom-state");
        var settings = new Dictionary<string, string?>
        {
            ["Streaming:Topologies:wc:StateDirectory"] = stateDir,
            ["Streaming:Topologies:wc:ProcessingGuarantee"] = "exactly_once_v2",
            ["Streaming:Topologies:wc:NumStreamThreads"] = "2",
            ["Streaming:Topologies:wc:CommitInterval"] = "00:00:00.250",
            ["Streaming:Topologies:wc:StateStoreCacheMaxBytes"] = "0",
            ["Streaming:Topologies:wc:DefaultDslStore"] = "InMemory",
            ["Streaming:Topologies:wc:DeserializationExceptionHandler"] = "LogAndContinue",
            ["Streaming:Topologies:wc:TransactionTimeout"] = "00:00:20",
            ["Streaming:Topologies:wc:Client:session.timeout.ms"] = "12000",
            ["Streaming:Topologies:wc:PollTimeout"] = "00:00:00.500",
        };
        using var host = Build(dir.Path, s => s.AddTopic("lines").AddTopic("word-counts")
            .AddTopology("wc", b => WordCount(b), o => o.PollTimeout = TimeSpan.FromMilliseconds(20)), settings);
        await host.StartAsync();

        StreamsConfig config = host.Services.GetRequiredService<IStreamsApplications>().Get("wc").Config;
        Assert.Equal("wc", config.ApplicationId);
        Assert.Equal(stateDir, config.StateDirectory);
        Assert.Equal(ProcessingGuarantee.ExactlyOnceV2, config.ProcessingGuarantee);
        Assert.Equal(2, config.NumStreamThreads);
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.CommitInterval);
        Assert.Equal(0, config.StateStoreCacheMaxBytes);
        Assert.Equal(StoreType.InMemory, config.DefaultDslStore);
        Assert.Same(DeserializationExceptionHandlers.LogAndContinue, config.DeserializationExceptionHandler);
        Assert.Same(ProductionExceptionHandlers.Fail, config.ProductionExceptionHandler);
        Assert.Equal(TimeSpan.FromSeconds(20), config.TransactionTimeout);
        Assert.Equal("12000", config.ClientConfig["session.timeout.ms"]);
        Assert.Equal(TimeSpan.FromMilliseconds(20), config.PollTimeout); // code wins over configuration
        Assert.True(Directory.Exists(Path.Combine(stateDir, "wc")));
        Assert.Equal(2, host.Services.GetRequiredService<IStreamsApplications>().Get("wc").MetadataForLocalThreads().Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddTopology_Defaults_FollowStreamsDefaultsAndTheKeyedHandlersTakePrecedence()
    {
        using var dir = new TempDirectory();
        var custom = new CountingProductionHandler();
        using var host = Build(dir.Path, s =>
        {
            s.AddTopic("lines").AddTopic("word-counts").AddTopology("wc", b => WordCount(b));
            s.Services.AddKeyedSingleton<IProductionExceptionHandler>("wc", custom);
        });
        await host.StartAsync();
        StreamsConfig config = host.Services.GetRequiredService<IStreamsApplications>().Get("wc").Config;
        Assert.Equal(ProcessingGuarantee.AtLeastOnce, config.ProcessingGuarantee);
        Assert.Equal(TimeSpan.FromSeconds(30), config.CommitInterval);
        Assert.Equal(1, config.NumStreamThreads);
        Assert.Equal(10 * 1024 * 1024, config.StateStoreCacheMaxBytes);
        Assert.Same(DeserializationExceptionHandlers.LogAndFail, config.DeserializationExceptionHandler);
        Assert.Same(custom, config.ProductionExceptionHandler);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("NumStreamThreads", "0", "Streaming:Topologies:wc:NumStreamThreads must be between 1 and 256 (was 0)")]
    [InlineData("ProcessingGuarantee", "exactly_once", "Streaming:Topologies:wc:ProcessingGuarantee: processing.guarantee 'exactly_once' (one producer per task, v1) is not offered: use 'exactly_once_v2'")]
    [InlineData("ProcessingGuarantee", "twice", "Streaming:Topologies:wc:ProcessingGuarantee: processing.guarantee 'twice' is unknown")]
    [InlineData("CommitInterval", "-00:00:01", "Streaming:Topologies:wc:CommitInterval must be positive (was -00:00:01)")]
    [InlineData("StateStoreCacheMaxBytes", "-1", "Streaming:Topologies:wc:StateStoreCacheMaxBytes must not be negative (was -1)")]
    [InlineData("TransactionTimeout", "00:00:00.500", "Streaming:Topologies:wc:TransactionTimeout must be at least 1 s (was 00:00:00.5000000)")]
    [InlineData("DeserializationExceptionHandler", "Ignore", "Streaming:Topologies:wc:DeserializationExceptionHandler 'Ignore' is unknown: use 'LogAndFail' or 'LogAndContinue'")]
    [InlineData("ProductionExceptionHandler", "Retry", "Streaming:Topologies:wc:ProductionExceptionHandler 'Retry' is unknown: use 'Fail' or 'Continue'")]
    [InlineData("StateDirectory", "  ", "Streaming:Topologies:wc:StateDirectory must not be blank")]
    public async Task StartAsync_InvalidTopologySetting_FailsNamingTheSetting(string setting, string value, string message)
    {
        using var dir = new TempDirectory();
        using var host = Build(dir.Path, s => s.AddTopic("lines").AddTopic("word-counts").AddTopology("wc", b => WordCount(b)),
            new Dictionary<string, string?> { [$"Streaming:Topologies:wc:{setting}"] = value });
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public async Task StartAsync_OtherStreamingSection_MessagesNameThatSection()
    {
        using var dir = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["App:Messaging:EmbeddedBroker:DataDirectory"] = dir.Path,
            ["App:Messaging:Topologies:wc:NumStreamThreads"] = "300",
        }).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddStreaming(configuration.GetSection("App:Messaging")).AddTopic("lines").AddTopology("wc", b => WordCount(b));
        using var host = builder.Build();
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("App:Messaging:Topologies:wc:NumStreamThreads must be between 1 and 256 (was 300)", ex.Message);
    }

    [Fact]
    public async Task StartAsync_SourceTopicNotDeclared_FailsSayingHowToDeclareIt()
    {
        using var dir = new TempDirectory();
        using var host = Build(dir.Path, s => s.AddTopic("word-counts").AddTopology("wc", b => WordCount(b)));
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("topology 'wc' reads 'lines'", ex.Message);
        Assert.Contains("AddTopic", ex.Message);
    }

    [Fact]
    public void AddTopology_SameApplicationIdTwice_Throws()
    {
        var builder = new ServiceCollection().AddStreaming().AddTopology("wc", b => WordCount(b));
        var ex = Assert.Throws<InvalidOperationException>(() => builder.AddTopology("wc", b => WordCount(b)));
        Assert.Contains("'wc' is already added", ex.Message);
    }

    [Fact]
    public void AddTopology_InvalidApplicationId_ThrowsNamingIt()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => new ServiceCollection().AddStreaming().AddTopology("word count", b => WordCount(b)));
        Assert.Contains("application.id 'word count' is invalid", ex.Message);
    }

    [Fact]
    public async Task Get_UnknownApplicationId_ThrowsListingTheKnownOnes()
    {
        using var dir = new TempDirectory();
        using var host = Build(dir.Path, s => s.AddTopic("lines").AddTopic("word-counts").AddTopology("wc", b => WordCount(b)));
        var apps = host.Services.GetRequiredService<IStreamsApplications>();
        Assert.Contains("has not been started yet", Assert.Throws<InvalidOperationException>(() => apps.Get("wc")).Message);
        await host.StartAsync();
        Assert.Contains("the host runs 'wc'", Assert.Throws<InvalidOperationException>(() => apps.Get("other")).Message);
        Assert.False(apps.TryGet("other", out _));
        Assert.True(apps.TryGet("wc", out var streams));
        Assert.NotNull(streams);
        await host.StopAsync();
    }

    private sealed class CountingProductionHandler : IProductionExceptionHandler
    {
        public ErrorHandlerResponse Handle(ErrorHandlerContext context, Exception exception) => ErrorHandlerResponse.Continue;
    }
}
