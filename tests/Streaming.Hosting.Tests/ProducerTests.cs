using System.Buffers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Streaming.Hosting.Tests;

public sealed class ProducerTests
{
    public sealed record Order(int Id, string Item);

    [Fact]
    public async Task Producer_Injected_IsOneLongLivedClientAndSerializesJsonByDefault()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, s => s.AddTopic("orders"));
        var producer = host.Services.GetRequiredService<IProducer<string, Order>>();
        Assert.Same(producer, host.Services.GetRequiredService<IProducer<string, Order>>());
        await producer.ProduceAsync("orders", new Message<string, Order> { Key = "k", Value = new Order(7, "tea") });
        var record = Assert.Single(TestHost.Read(host.Transport, "orders", 1));
        Assert.Equal("""{"id":7,"item":"tea"}""", record.Message.Value);
    }

    [Fact]
    public async Task Producer_SerializerRegistered_UsesIt()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, s => s.AddTopic("orders").AddSerializer(new UpperSerializer(), new UpperSerializer()));
        var producer = host.Services.GetRequiredService<IProducer<string, string>>();
        await producer.ProduceAsync("orders", new Message<string, string> { Key = "k", Value = "tea" });
        var record = Assert.Single(TestHost.Read(host.Transport, "orders", 1));
        Assert.Equal("TEA", record.Message.Value);
    }

    private sealed class UpperSerializer : ISerializer<string>, IDeserializer<string>
    {
        public void Serialize(string data, IBufferWriter<byte> destination, SerializationContext context) => destination.Write(Encoding.UTF8.GetBytes(data.ToUpperInvariant()));

        public string Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => Encoding.UTF8.GetString(data);
    }
}
