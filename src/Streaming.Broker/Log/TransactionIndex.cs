using System.Buffers.Binary;
using Streaming.Broker.Storage;

namespace Streaming.Broker.Log;

/// <summary>
/// A segment's aborted-transaction index (<c>.txnindex</c>): one entry per transaction whose abort marker is in the
/// segment, laid out as Kafka's (int16 version 0, producer id, first offset, last offset, last stable offset; 34 bytes).
/// read_committed fetches ask it which producers' batches to drop. Entries are kept in an array replaced on every add,
/// so readers use it without the append lock.
/// </summary>
internal sealed class TransactionIndex
{
    private const int EntrySize = 34;
    private AbortedTransaction[] _entries = [];

    /// <summary>The entries in marker order (ascending last offset).</summary>
    public AbortedTransaction[] Entries => Volatile.Read(ref _entries);

    public int Count => Entries.Length;

    /// <summary>Adds the entry of an abort marker just appended. Under the partition's lock.</summary>
    public void Add(AbortedTransaction entry) => Volatile.Write(ref _entries, [.. _entries, entry]);

    /// <summary>Replaces every entry (rebuilt from the log after an unclean stop, or copied to a cleaned segment).</summary>
    public void Replace(AbortedTransaction[] entries) => Volatile.Write(ref _entries, entries);

    /// <summary>Adds to <paramref name="into"/> the entries whose transaction overlaps [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public void Collect(long from, long to, List<AbortedTransaction> into)
    {
        foreach (var entry in Entries)
            if (entry.LastOffset >= from && entry.FirstOffset < to) into.Add(entry);
    }

    /// <summary>Loads the file; false when it is damaged (not a whole number of entries, or an unknown version).</summary>
    public bool TryLoad(IStorageFile file)
    {
        long length = file.Length;
        if (length % EntrySize != 0 || length > int.MaxValue) return false;
        var bytes = new byte[length];
        if (file.Read(0, bytes) != bytes.Length) return false;
        var entries = new AbortedTransaction[bytes.Length / EntrySize];
        for (int i = 0; i < entries.Length; i++)
        {
            var span = bytes.AsSpan(i * EntrySize, EntrySize);
            if (BinaryPrimitives.ReadInt16BigEndian(span) != 0) return false;
            entries[i] = new AbortedTransaction(
                BinaryPrimitives.ReadInt64BigEndian(span[2..]),
                BinaryPrimitives.ReadInt64BigEndian(span[10..]),
                BinaryPrimitives.ReadInt64BigEndian(span[18..]),
                BinaryPrimitives.ReadInt64BigEndian(span[26..]));
        }
        Replace(entries);
        return true;
    }

    public void WriteTo(IStorageFile file)
    {
        var entries = Entries;
        var bytes = new byte[entries.Length * EntrySize];
        for (int i = 0; i < entries.Length; i++)
        {
            var span = bytes.AsSpan(i * EntrySize, EntrySize);
            BinaryPrimitives.WriteInt16BigEndian(span, 0);
            BinaryPrimitives.WriteInt64BigEndian(span[2..], entries[i].ProducerId);
            BinaryPrimitives.WriteInt64BigEndian(span[10..], entries[i].FirstOffset);
            BinaryPrimitives.WriteInt64BigEndian(span[18..], entries[i].LastOffset);
            BinaryPrimitives.WriteInt64BigEndian(span[26..], entries[i].LastStableOffset);
        }
        file.Truncate(0);
        file.Write(0, bytes);
    }
}
