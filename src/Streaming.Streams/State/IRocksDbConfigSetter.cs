using RocksDbSharp;

namespace Streaming.Streams.State;

/// <summary>Adjusts RocksDB options for a store before it opens (Kafka's <c>rocksdb.config.setter</c>).</summary>
public interface IRocksDbConfigSetter
{
    void SetConfig(string storeName, DbOptions options);
}
