using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using CK = Confluent.Kafka;

namespace Streaming.Kafka.Internal;

/// <summary>
/// Builds Confluent.Kafka's group metadata for a membership the transport runs itself (custom assignors), so that a
/// transactional producer's SendOffsetsToTransaction carries the real member id and generation and the coordinator
/// fences a member a rebalance left behind (KIP-447). librdkafka's public C API makes the metadata
/// (<c>rd_kafka_consumer_group_metadata_new_with_genid</c>) and serializes it (<c>…_write</c>); Confluent.Kafka's
/// opaque type holds exactly those bytes in a non-public field, which is set by reflection — the mirror of
/// <see cref="GroupMetadataReader"/>. Should either step be unavailable, the caller falls back to metadata without a
/// generation (which Kafka accepts, unfenced) and says so once.
/// </summary>
internal static class GroupMetadataWriter
{
    private static readonly Type? ConfluentType = typeof(CK.IConsumerGroupMetadata).Assembly.GetType("Confluent.Kafka.ConsumerGroupMetadata");

    private static readonly FieldInfo? SerializedField = ConfluentType?.GetField("serializedMetadata", BindingFlags.Instance | BindingFlags.NonPublic);

    private static int _failed;

    /// <summary>Confluent.Kafka's metadata for the membership, or null when it cannot be built.</summary>
    public static CK.IConsumerGroupMetadata? TryCreate(string groupId, int generationId, string memberId, string? groupInstanceId)
    {
        if (ConfluentType is null || SerializedField is null || Volatile.Read(ref _failed) != 0) return null;
        try
        {
            IntPtr cgmd = LibrdkafkaNative.rd_kafka_consumer_group_metadata_new_with_genid(groupId, generationId, memberId, groupInstanceId);
            if (cgmd == IntPtr.Zero) return null;
            try
            {
                IntPtr error = LibrdkafkaNative.rd_kafka_consumer_group_metadata_write(cgmd, out IntPtr buffer, out UIntPtr size);
                if (error != IntPtr.Zero)
                {
                    LibrdkafkaNative.rd_kafka_error_destroy(error);
                    return null;
                }
                try
                {
                    var bytes = new byte[checked((int)size)];
                    Marshal.Copy(buffer, bytes, 0, bytes.Length);
                    var metadata = (CK.IConsumerGroupMetadata)Activator.CreateInstance(ConfluentType, nonPublic: true)!;
                    SerializedField.SetValue(metadata, bytes);
                    return metadata;
                }
                finally
                {
                    LibrdkafkaNative.rd_kafka_mem_free(IntPtr.Zero, buffer);
                }
            }
            finally
            {
                LibrdkafkaNative.rd_kafka_consumer_group_metadata_destroy(cgmd);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or MissingMethodException or MemberAccessException)
        {
            Interlocked.Exchange(ref _failed, 1);
            Trace.TraceWarning($"Confluent.Kafka's group metadata cannot be built for a self-managed membership ({ex.Message}): " +
                "SendOffsetsToTransaction will commit without the generation (unfenced)");
            return null;
        }
    }
}
