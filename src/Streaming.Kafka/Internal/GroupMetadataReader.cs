using System.Diagnostics;
using System.Reflection;
using CK = Confluent.Kafka;

namespace Streaming.Kafka.Internal;

/// <summary>
/// Reads the generation id out of Confluent.Kafka's group metadata, for <see cref="ConsumerGroupMetadata.GenerationId"/>.
/// Confluent.Kafka exposes neither the generation nor the metadata's content: the object holds librdkafka's serialized
/// form in a non-public field. That field is read by reflection and handed to librdkafka's own public C API
/// (<c>rd_kafka_consumer_group_metadata_read</c>, <c>…_generation_id</c>), so no byte format is assumed here. Should a
/// Confluent.Kafka version rename the field, the generation is reported as unknown (null → -1); SendOffsetsToTransaction
/// is unaffected, because the producer passes Confluent.Kafka's own object (see <see cref="GroupMetadataRegistry"/>).
/// </summary>
internal static class GroupMetadataReader
{
    private static readonly FieldInfo? SerializedField = typeof(CK.IConsumerGroupMetadata).Assembly
        .GetType("Confluent.Kafka.ConsumerGroupMetadata")?.GetField("serializedMetadata", BindingFlags.Instance | BindingFlags.NonPublic);

    private static int _failed;

    /// <summary>The generation id, or null when it cannot be read.</summary>
    public static int? GenerationId(CK.IConsumerGroupMetadata metadata)
    {
        if (SerializedField?.GetValue(metadata) is not byte[] bytes || Volatile.Read(ref _failed) != 0) return null;
        try
        {
            IntPtr error = LibrdkafkaNative.rd_kafka_consumer_group_metadata_read(out IntPtr cgmd, bytes, (UIntPtr)bytes.Length);
            if (error != IntPtr.Zero)
            {
                LibrdkafkaNative.rd_kafka_error_destroy(error);
                return null;
            }
            try
            {
                return LibrdkafkaNative.rd_kafka_consumer_group_metadata_generation_id(cgmd);
            }
            finally
            {
                LibrdkafkaNative.rd_kafka_consumer_group_metadata_destroy(cgmd);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            Interlocked.Exchange(ref _failed, 1);
            Trace.TraceWarning($"the consumer group generation cannot be read from librdkafka: {ex.Message}");
            return null;
        }
    }
}
