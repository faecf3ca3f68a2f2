using System.Runtime.InteropServices;

namespace Streaming.Kafka.Internal;

/// <summary>
/// The few functions of librdkafka's public C API the transport calls itself (Confluent.Kafka does not expose them), on
/// the same library instance Confluent.Kafka loaded (<see cref="LibrdkafkaResolver"/>). The resolver can be set once per
/// assembly, so every P/Invoke of the transport lives here.
/// </summary>
internal static class LibrdkafkaNative
{
    private const string Library = "librdkafka";

    static LibrdkafkaNative() => NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaNative).Assembly, LibrdkafkaResolver.Resolve);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr rd_kafka_consumer_group_metadata_read(out IntPtr cgmdp, byte[] buffer, UIntPtr size);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int rd_kafka_consumer_group_metadata_generation_id(IntPtr cgmd);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr rd_kafka_consumer_group_metadata_new_with_genid(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string groupId,
        int generationId,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string memberId,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string? groupInstanceId);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr rd_kafka_consumer_group_metadata_write(IntPtr cgmd, out IntPtr bufferp, out UIntPtr sizep);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern void rd_kafka_consumer_group_metadata_destroy(IntPtr cgmd);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern void rd_kafka_mem_free(IntPtr rk, IntPtr ptr);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern void rd_kafka_error_destroy(IntPtr error);
}
