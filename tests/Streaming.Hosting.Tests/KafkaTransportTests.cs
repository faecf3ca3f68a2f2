using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Kafka;

namespace Streaming.Hosting.Tests;

public sealed class KafkaTransportTests
{
    [Fact]
    public async Task UseKafka_AgainstTheEmbeddedBrokersListener_ProducesAndConsumesOverTheWire()
    {
        using var dir = new TempDirectory();
        int port = FreePort();
        await using var server = await TestHost.StartAsync(dir.Path, s => s.AddTopic("wire", 2).UseEmbeddedBroker(b =>
        {
            b.Listener.Enabled = true;
            b.Listener.Port = port;
        }));

        var seen = new ConcurrentQueue<string>();
        var probe = new Probe
        {
            OnRecord = (r, _) =>
            {
                seen.Enqueue(r.Message.Value);
                return default;
            },
        };
        using var unused = new TempDirectory();
        await using var client = await TestHost.StartAsync(unused.Path,
            s => s.UseKafka($"127.0.0.1:{port}").AddConsumer<StringHandler>("wire", "wire-group"),
            services => services.AddSingleton(probe));
        Assert.IsType<KafkaTransport>(client.Transport);
        for (int i = 0; i < 10; i++) await client.ProduceAsync("wire", i % 2, "k" + i, "v" + i);
        await client.WaitUntilConsumedAsync();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => "v" + i).Order(), seen.Order());
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
