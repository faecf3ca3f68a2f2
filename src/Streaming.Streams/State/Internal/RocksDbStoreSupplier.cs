namespace Streaming.Streams.State.Internal;

internal sealed class RocksDbStoreSupplier(string name) : IKeyValueBytesStoreSupplier
{
    public string Name { get; } = name;

    public IKeyValueStore<byte[], byte[]> Get() => new RocksDbKeyValueStore(Name);
}
