using System.Buffers;

namespace Streaming.Protocol.Messages;

/// <summary>An output that throws its bytes away; measuring writers stage fixed-size values into its scratch buffer.</summary>
internal sealed class DiscardingBufferWriter : IBufferWriter<byte>
{
    [ThreadStatic]
    private static DiscardingBufferWriter? s_instance;

    private byte[] _scratch = new byte[1024];

    public static DiscardingBufferWriter Instance => s_instance ??= new DiscardingBufferWriter();

    public void Advance(int count) { }

    public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

    // Measuring writers nest (a tagged field is measured while its message is measured); sharing one scratch buffer is
    // harmless because nothing ever reads it.
    private byte[] Scratch(int sizeHint)
    {
        if (sizeHint > _scratch.Length) _scratch = new byte[sizeHint];
        return _scratch;
    }
}
