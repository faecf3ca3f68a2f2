using System.Buffers.Binary;
using Streaming.Broker.Storage;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Producers;

/// <summary>
/// Hands out idempotent producer ids: 64-bit, increasing, never reused — across restarts and crashes too. As Kafka's
/// controller does, ids are taken in blocks of <see cref="BlockSize"/>: the end of the block is made durable in
/// <c>producer-id-block</c> before any id of the block is given out, and the next start continues after it. A crash
/// loses at most the rest of a block, never reuses an id.
/// </summary>
/// <remarks>
/// The file is written in place, not renamed over (a rename is durable only once its directory is fsynced): it holds two
/// checksummed slots written in turn, so a torn write leaves the other slot, and the larger valid end wins.
/// </remarks>
internal sealed class ProducerIdManager
{
    public const string FileName = "producer-id-block";
    public const long BlockSize = 1000;
    private const int SlotSize = 12; // int64 block end, uint32 CRC-32C of it

    private readonly object _lock = new();
    private readonly IStorage _storage;
    private readonly string _path;
    private long _next;
    private long _blockEnd;
    private int _slot;

    public ProducerIdManager(IStorage storage, string dataDirectory)
    {
        _storage = storage;
        _path = Path.Combine(dataDirectory, FileName);
        (_next, _slot) = ReadBlockEnd(storage, _path);
        _blockEnd = _next; // the rest of the last block is not trusted to be unused: the first id takes a new block
    }

    /// <summary>The next producer id; makes a new block end durable first when the current block is used up.</summary>
    /// <exception cref="StorageException">The block file could not be written.</exception>
    public long NextId()
    {
        lock (_lock)
        {
            if (_next == _blockEnd)
            {
                long end = checked(_blockEnd + BlockSize);
                int slot = 1 - _slot; // never overwrite the slot holding the current end
                try
                {
                    WriteSlot(slot, end);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new StorageException($"could not allocate a block of producer ids in {_path}: {ex.Message}", ex);
                }
                _blockEnd = end;
                _slot = slot;
            }
            return _next++;
        }
    }

    private void WriteSlot(int slot, long end)
    {
        Span<byte> bytes = stackalloc byte[SlotSize];
        BinaryPrimitives.WriteInt64BigEndian(bytes, end);
        BinaryPrimitives.WriteUInt32BigEndian(bytes[8..], Crc32C.Compute(bytes[..8]));
        using var file = _storage.Open(_path, create: true);
        file.Write(slot * SlotSize, bytes);
        file.Flush();
    }

    /// <summary>The largest valid block end and the slot holding it; (0, 1) when no block was ever made durable.</summary>
    private static (long End, int Slot) ReadBlockEnd(IStorage storage, string path)
    {
        if (!storage.FileExists(path)) return (0, 1);
        using var file = storage.Open(path, create: false);
        Span<byte> buffer = stackalloc byte[2 * SlotSize];
        int n = file.Read(0, buffer);
        (long End, int Slot) best = (-1, 1);
        for (int slot = 0; slot < 2; slot++)
        {
            if (n < (slot + 1) * SlotSize) break;
            var bytes = buffer.Slice(slot * SlotSize, SlotSize);
            long end = BinaryPrimitives.ReadInt64BigEndian(bytes);
            if (BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]) == Crc32C.Compute(bytes[..8]) && end > best.End) best = (end, slot);
        }
        // A slot is written only while the other holds the current end, so no valid slot means the very first write never
        // completed — and no id was handed out before it did.
        return best.End < 0 ? (0, 1) : best;
    }
}
