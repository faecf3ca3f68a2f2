namespace Streaming.Streams.State.Internal;

internal sealed class InMemoryStoreSupplier(string name) : IKeyValueBytesStoreSupplier
{
    public string Name { get; } = name;

    public IKeyValueStore<byte[], byte[]> Get() => new InMemoryKeyValueStore(Name);
}
