using System.Runtime.InteropServices;
using System.Text;

namespace Streaming.Kafka.Tests.Mock;

/// <summary>
/// librdkafka's built-in mock cluster (brokers on loopback, in this process), through librdkafka's public mock API. A
/// client config with <c>test.mock.num.brokers</c> would start a private cluster per client; one cluster shared by every
/// client needs its own handle, made here. Topics are created through the mock API too: the mock answers no admin requests.
/// </summary>
internal sealed class MockCluster : IDisposable
{
    private IntPtr _handle;
    private IntPtr _cluster;

    public MockCluster(int brokers)
    {
        var errors = new byte[512];
        _handle = Native.rd_kafka_new(0 /* producer */, Native.rd_kafka_conf_new(), errors, (UIntPtr)errors.Length);
        if (_handle == IntPtr.Zero) throw new InvalidOperationException($"rd_kafka_new failed: {Encoding.UTF8.GetString(errors).TrimEnd('\0')}");
        _cluster = Native.rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero) throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        BootstrapServers = Marshal.PtrToStringUTF8(Native.rd_kafka_mock_cluster_bootstraps(_cluster))!;
        // Groups form at once instead of after the broker's default initial rebalance delay (3 s).
        Native.rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, 0);
    }

    public string BootstrapServers { get; }

    /// <summary>Creates a topic whose partition leaders are spread over the brokers.</summary>
    public void CreateTopic(string name, int partitions, int replicationFactor)
    {
        int error = Native.rd_kafka_mock_topic_create(_cluster, name, partitions, replicationFactor);
        if (error != 0) throw new InvalidOperationException($"rd_kafka_mock_topic_create('{name}') failed with error {error}");
    }

    /// <summary>Makes every request about <paramref name="topic"/> fail with <paramref name="kafkaErrorCode"/> (0 clears it).</summary>
    public void SetTopicError(string topic, short kafkaErrorCode) => Native.rd_kafka_mock_topic_set_error(_cluster, topic, kafkaErrorCode);

    public void Dispose()
    {
        if (_cluster != IntPtr.Zero) Native.rd_kafka_mock_cluster_destroy(_cluster);
        if (_handle != IntPtr.Zero) Native.rd_kafka_destroy(_handle);
        _cluster = IntPtr.Zero;
        _handle = IntPtr.Zero;
    }

    private static class Native
    {
        private const string Library = "librdkafka";

        static Native() => NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, NativeResolver.Resolve);

        [DllImport(Library)] public static extern IntPtr rd_kafka_conf_new();
        [DllImport(Library)] public static extern IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);
        [DllImport(Library)] public static extern void rd_kafka_destroy(IntPtr rk);
        [DllImport(Library)] public static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokers);
        [DllImport(Library)] public static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);
        [DllImport(Library)] public static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);
        [DllImport(Library)] public static extern void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr cluster, int delayMs);

        [DllImport(Library)]
        public static extern int rd_kafka_mock_topic_create(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replicationFactor);

        [DllImport(Library)]
        public static extern void rd_kafka_mock_topic_set_error(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int error);
    }
}
