using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Streaming.Broker;
using Streaming.Kafka;

namespace Streaming.Hosting.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task AddStreaming_NoTransportConfigured_UsesEmbeddedBrokerAndDisposesItWithTheHost()
    {
        using var dir = new TempDirectory();
        var host = TestHost.Build(dir.Path);
        await host.StartAsync();
        Assert.IsType<EmbeddedBroker>(host.Services.GetRequiredService<IStreamingTransport>());
        await host.StopAsync();
        host.Dispose();
        using var reopened = EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = dir.Path }); // the lock was released
        Assert.True(reopened.WasCleanStart);
    }

    [Fact]
    public void AddStreaming_CalledTwice_RegistersTheMachineryOnce()
    {
        var services = new ServiceCollection();
        services.AddStreaming();
        services.AddStreaming(o => o.StopHostOnFatalError = false);
        Assert.Single(services, d => d.ServiceType == typeof(IStreamingTransport));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "StreamingStartup");
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<StreamingOptions>));
    }

    [Fact]
    public async Task StartAsync_EmptyDataDirectory_FailsNamingTheSetting()
    {
        var host = TestHost.Build("", options: o => o.EmbeddedBroker.DataDirectory = "");
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Streaming:EmbeddedBroker:DataDirectory", error.Message);
    }

    [Fact]
    public async Task StartAsync_NestedListenerPortOutOfRange_FailsNamingTheSetting()
    {
        using var dir = new TempDirectory();
        var host = TestHost.Build(dir.Path, options: o => o.EmbeddedBroker.Listener.Port = 70_000);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Streaming:EmbeddedBroker:Listener:Port", error.Message);
    }

    [Fact]
    public async Task StartAsync_KafkaWithoutBootstrapServers_FailsNamingTheSetting()
    {
        using var dir = new TempDirectory();
        var host = TestHost.Build(dir.Path, options: o => o.Transport = StreamingTransportKind.Kafka);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Streaming:Kafka:BootstrapServers", error.Message);
    }

    [Fact]
    public async Task StartAsync_InvalidConsumerOptions_FailsNamingTheConsumerSetting()
    {
        using var dir = new TempDirectory();
        var host = TestHost.Build(dir.Path, s => s.AddConsumer<StringHandler>("orders", "g", o => o.MaxConcurrency = 0),
            services => services.AddSingleton(new Probe()));
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("MaxConcurrency", error.Message);
    }

    [Fact]
    public void AddConsumer_TypeWithoutHandlerInterface_Throws()
    {
        var builder = new ServiceCollection().AddStreaming();
        var error = Assert.Throws<ArgumentException>(() => builder.AddConsumer<Probe>("orders", "g"));
        Assert.Contains("does not implement IRecordHandler", error.Message);
    }

    [Fact]
    public void AddConsumer_InvalidTopicName_ThrowsNamingIt()
    {
        var builder = new ServiceCollection().AddStreaming();
        var error = Assert.Throws<ArgumentException>(() => builder.AddConsumer<StringHandler>("bad topic", "g"));
        Assert.Contains("'bad topic'", error.Message);
    }

    [Fact]
    public void AddConsumer_SameNameTwice_Throws()
    {
        var builder = new ServiceCollection().AddStreaming().AddConsumer<StringHandler>("a", "g");
        Assert.Throws<InvalidOperationException>(() => builder.AddConsumer<StringHandler>("b", "g"));
    }

    [Fact]
    public void UseKafka_OneLine_SwitchesTheTransport()
    {
        var services = new ServiceCollection();
        services.AddStreaming().UseKafka("localhost:9092");
        using var provider = services.BuildServiceProvider();
        var transport = Assert.IsType<KafkaTransport>(provider.GetRequiredService<IStreamingTransport>());
        Assert.Equal("localhost:9092", transport.BootstrapServers);
    }

    [Fact]
    public void AddConsumer_OptionsInTheSectionGivenToAddStreaming_AreBoundFromItsConsumersSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["App:Messaging:Consumers:billing:MaxConcurrency"] = "3",
            ["App:Messaging:Consumers:billing:CommitInterval"] = "00:00:02.500",
            ["Streaming:Consumers:billing:MaxConcurrency"] = "5", // the root Streaming section is not the one given
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddStreaming(configuration.GetSection("App:Messaging")).AddConsumer<StringHandler>(["orders"], "billing", name: "billing");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<ConsumerHandlerOptions>>().Get("billing");
        Assert.Equal(3, options.MaxConcurrency);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.CommitInterval);
    }

    [Fact]
    public void AddConsumer_HostBuilderStreamingSection_BindsConsumerOptionsAndCodeOverridesThem()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Streaming:Consumers:billing:MaxConcurrency"] = "16",
            ["Streaming:Consumers:billing:CommitInterval"] = "00:00:02",
            ["Streaming:Consumers:billing:StallTimeout"] = "00:00:09",
        });
        builder.AddStreaming().AddConsumer<StringHandler>(["orders"], "billing", o => o.StallTimeout = TimeSpan.FromSeconds(5), name: "billing");
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptionsMonitor<ConsumerHandlerOptions>>().Get("billing");
        Assert.Equal(16, options.MaxConcurrency);
        Assert.Equal(TimeSpan.FromSeconds(2), options.CommitInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.StallTimeout); // the code's configure runs after the binding
    }

    [Fact]
    public async Task AddStreaming_StreamingSectionInConfiguration_CreatesItsTopicsAtStart()
    {
        using var dir = new TempDirectory();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Streaming:EmbeddedBroker:DataDirectory"] = dir.Path,
            ["Streaming:Topics:0:Name"] = "orders",
            ["Streaming:Topics:0:Partitions"] = "3",
        });
        builder.AddStreaming().AddTopic("payments", 2);
        using var host = builder.Build();
        await host.StartAsync();
        using var admin = host.Services.GetRequiredService<IStreamingTransport>().CreateAdminClient(new AdminClientConfig());
        var topics = await admin.DescribeTopicsAsync(["orders", "payments"]);
        Assert.Equal(3, topics.Single(t => t.Name == "orders").Partitions.Count);
        Assert.Equal(2, topics.Single(t => t.Name == "payments").Partitions.Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task UseEmbeddedBroker_ListenerEnabled_AcceptsConnections()
    {
        using var dir = new TempDirectory();
        int port = KafkaTransportTests.FreePort();
        await using var host = await TestHost.StartAsync(dir.Path, s => s.UseEmbeddedBroker(b =>
        {
            b.Listener.Enabled = true;
            b.Listener.Port = port;
        }));
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        Assert.True(client.Connected);
    }
}
