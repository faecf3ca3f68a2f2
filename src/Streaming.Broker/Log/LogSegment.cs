using System.Buffers;
using System.Globalization;
using Streaming.Broker.Storage;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Log;

/// <summary>
/// One segment of a partition: a <c>.log</c> file of RecordBatch v2 bytes named by its 20-digit base offset, with a sparse
/// offset index and a time index. One writer (the partition, under its lock); readers read up to <see cref="Size"/>.
/// </summary>
internal sealed class LogSegment : IDisposable
{
    /// <summary>Bytes read to learn a batch's extent: baseOffset, length, …, lastOffsetDelta, baseTimestamp, maxTimestamp.</summary>
    private const int PeekSize = 43;

    private readonly IStorage _storage;
    private readonly IStorageFile _log;
    private readonly OffsetIndex _offsetIndex = new();
    private readonly TimeIndex _timeIndex = new();
    private readonly TransactionIndex _txnIndex = new();
    private readonly int _indexIntervalBytes;
    private long _size;
    private int _bytesSinceIndexEntry;
    private bool _disposed;

    private LogSegment(IStorage storage, string directory, long baseOffset, IStorageFile log, int indexIntervalBytes, DateTimeOffset created)
    {
        _storage = storage;
        BaseOffset = baseOffset;
        LogPath = Path.Combine(directory, FileName(baseOffset, ".log"));
        _log = log;
        _indexIntervalBytes = indexIntervalBytes;
        Created = created;
        NextOffset = baseOffset;
        MaxTimestamp = -1;
    }

    public long BaseOffset { get; }

    /// <summary>The offset after the last batch in the segment.</summary>
    public long NextOffset { get; private set; }

    /// <summary>The largest record timestamp in the segment, or -1 when empty.</summary>
    public long MaxTimestamp { get; private set; }

    /// <summary>When the segment was created or opened (for <c>segment.ms</c>).</summary>
    public DateTimeOffset Created { get; }

    /// <summary>Bytes of whole batches in the segment; readers never read past it.</summary>
    public long Size => Volatile.Read(ref _size);

    public string LogPath { get; }

    private string IndexPath => Path.ChangeExtension(LogPath, ".index");

    private string TimeIndexPath => Path.ChangeExtension(LogPath, ".timeindex");

    private string TxnIndexPath => Path.ChangeExtension(LogPath, ".txnindex");

    /// <summary>The transactions aborted by markers in this segment.</summary>
    public TransactionIndex AbortedTransactions => _txnIndex;

    /// <summary>A cleaned copy of a segment being written; deleted on open if a crash left it behind.</summary>
    public const string CleanedExtension = ".cleaned";

    /// <summary>A complete, fsynced cleaned copy about to replace its segment; a crash-interrupted swap is completed on open.</summary>
    public const string SwapExtension = ".swap";

    public static string FileName(long baseOffset, string extension) => baseOffset.ToString("D20", CultureInfo.InvariantCulture) + extension;

    public static LogSegment Create(IStorage storage, string directory, long baseOffset, int indexIntervalBytes, DateTimeOffset now)
    {
        var path = Path.Combine(directory, FileName(baseOffset, ".log"));
        var file = storage.Open(path, create: true);
        file.Truncate(0);
        return new LogSegment(storage, directory, baseOffset, file, indexIntervalBytes, now);
    }

    /// <summary>
    /// Opens the cleaned copy of segment <paramref name="baseOffset"/> (its <c>.cleaned</c> file, written and fsynced by the
    /// log cleaner): every batch is checked and the indexes are built. It serves reads at once (from the same file handle),
    /// but its files take the segment's name only in <see cref="CommitCleaned"/>.
    /// </summary>
    public static LogSegment OpenCleaned(IStorage storage, string directory, long baseOffset, int indexIntervalBytes, DateTimeOffset created)
    {
        string path = Path.Combine(directory, FileName(baseOffset, CleanedExtension));
        var segment = new LogSegment(storage, directory, baseOffset, storage.Open(path, create: false), indexIntervalBytes, created);
        try
        {
            long length = segment._log.Length;
            var scan = segment.Scan(0, length, checkCrc: true, rebuildIndex: true);
            if (scan.ValidEnd != length)
                throw new StorageException($"cleaned segment '{path}' is not well-formed at file position {scan.ValidEnd} of {length}");
            segment._size = length;
            return segment;
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Puts this cleaned copy in place of the segment's files, in an order a crash cannot break: <c>.cleaned</c> is renamed
    /// to <c>.swap</c> (from then on, opening the log completes the swap), the old indexes are deleted, <c>.swap</c> replaces
    /// the <c>.log</c> atomically, and the new indexes are written. Readers holding the old segment keep their open file.
    /// </summary>
    public void CommitCleaned()
    {
        string directory = Path.GetDirectoryName(LogPath)!;
        string swap = Path.Combine(directory, FileName(BaseOffset, SwapExtension));
        _storage.Move(Path.Combine(directory, FileName(BaseOffset, CleanedExtension)), swap);
        CompleteSwap(_storage, directory, BaseOffset);
        WriteIndexes();
    }

    /// <summary>
    /// Clears what an interrupted clean left in <paramref name="directory"/>: half-written <c>.cleaned</c> files are deleted
    /// (the segment they copy is intact) and complete <c>.swap</c> files replace their segment (its indexes are rebuilt).
    /// </summary>
    public static void RecoverInterruptedCleaning(IStorage storage, string directory)
    {
        foreach (var file in storage.EnumerateFiles(directory, "*" + CleanedExtension).ToList()) storage.DeleteFile(file);
        foreach (var file in storage.EnumerateFiles(directory, "*" + SwapExtension).ToList())
        {
            // The swap never deletes the .log it replaces, so a .swap without one is stale (its segment was deleted by
            // retention after a failed swap): completing it would bring deleted records back.
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out long baseOffset)
                && storage.FileExists(Path.Combine(directory, FileName(baseOffset, ".log"))))
                CompleteSwap(storage, directory, baseOffset);
            else
                storage.DeleteFile(file);
        }
    }

    private static void CompleteSwap(IStorage storage, string directory, long baseOffset)
    {
        // The old indexes go first: an index that outlived its log would point into the middle of the new one's batches.
        // The .txnindex stays: a cleaned copy keeps every marker at its offset, so its entries hold for the new file too.
        foreach (var extension in (ReadOnlySpan<string>)[".index", ".timeindex"])
        {
            string path = Path.Combine(directory, FileName(baseOffset, extension));
            if (storage.FileExists(path)) storage.DeleteFile(path);
        }
        storage.Move(Path.Combine(directory, FileName(baseOffset, SwapExtension)), Path.Combine(directory, FileName(baseOffset, ".log")));
    }

    /// <summary>
    /// Opens an existing segment. With <paramref name="recover"/>, every batch is checked (CRC included), the indexes are rebuilt,
    /// and the file is cut at the first bad or torn batch; otherwise the index files are loaded and rebuilt only if missing or broken.
    /// </summary>
    public static LogSegment Open(IStorage storage, string directory, long baseOffset, int indexIntervalBytes, DateTimeOffset now,
        bool recover, out RecoveryResult result)
    {
        var file = storage.Open(Path.Combine(directory, FileName(baseOffset, ".log")), create: false);
        var segment = new LogSegment(storage, directory, baseOffset, file, indexIntervalBytes, now);
        try
        {
            result = segment.Load(recover);
            return segment;
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    private RecoveryResult Load(bool recover)
    {
        long length = _log.Length;
        // Missing means no aborted transaction here (the file is written only when there is one); after an unclean stop
        // the partition rebuilds every segment's entries from the markers in the log anyway.
        if (_storage.FileExists(TxnIndexPath))
        {
            using var txnIndex = _storage.Open(TxnIndexPath, create: false);
            if (!_txnIndex.TryLoad(txnIndex)) _txnIndex.Replace([]);
        }
        if (!recover && TryLoadIndexes(length, out bool ok) && ok)
        {
            // Trust the file, but find the end and max timestamp from the last indexed position onwards.
            long position = _offsetIndex.Count > 0 ? _offsetIndex.Lookup(int.MaxValue) : 0;
            MaxTimestamp = _timeIndex.LastTimestamp;
            var scan = Scan(position, length, checkCrc: false, rebuildIndex: false);
            if (scan.ValidEnd == length)
            {
                _size = length;
                return new RecoveryResult(0, IndexesRebuilt: false);
            }
        }

        // Rebuild: scan everything from the start.
        _offsetIndex.Clear();
        _timeIndex.Clear();
        MaxTimestamp = -1;
        NextOffset = BaseOffset;
        _bytesSinceIndexEntry = 0;
        var full = Scan(0, length, checkCrc: true, rebuildIndex: true);
        long truncated = length - full.ValidEnd;
        if (truncated > 0) _log.Truncate(full.ValidEnd);
        _size = full.ValidEnd;
        return new RecoveryResult(truncated, IndexesRebuilt: true);
    }

    private bool TryLoadIndexes(long logLength, out bool ok)
    {
        ok = false;
        if (!_storage.FileExists(IndexPath) || !_storage.FileExists(TimeIndexPath)) return false;
        using (var index = _storage.Open(IndexPath, create: false))
            if (!_offsetIndex.TryLoad(index, Math.Max(logLength, 1))) return false;
        using (var timeIndex = _storage.Open(TimeIndexPath, create: false))
            if (!_timeIndex.TryLoad(timeIndex)) return false;
        ok = true;
        return true;
    }

    private ScanResult Scan(long position, long end, bool checkCrc, bool rebuildIndex)
    {
        Span<byte> peek = stackalloc byte[PeekSize];
        byte[]? whole = null;
        try
        {
            while (position < end)
            {
                if (end - position < RecordBatchHeader.Size) break;
                if (_log.Read(position, peek) != PeekSize) break;
                int total = RecordBatch.PeekTotalSize(peek);
                if (total < RecordBatchHeader.Size || position + total > end) break;
                var header = ReadPeek(peek);
                if (header.Magic != RecordBatchHeader.CurrentMagic || header.BaseOffset < NextOffset || header.LastOffsetDelta < 0) break;
                if (checkCrc)
                {
                    if (whole is null || whole.Length < total)
                    {
                        if (whole is not null) ArrayPool<byte>.Shared.Return(whole);
                        whole = ArrayPool<byte>.Shared.Rent(total);
                    }
                    if (_log.Read(position, whole.AsSpan(0, total)) != total) break;
                    if (RecordBatch.Validate(whole.AsSpan(0, total), out var full) != BatchValidation.Valid) break;
                    // Fewer records than offsets is a compacted batch (gaps where records were cleaned away); more is corrupt.
                    if (full.RecordsCount > full.LastOffsetDelta + 1 && !full.IsControl) break;
                }
                if (rebuildIndex) IndexBatch(header.BaseOffset, header.MaxTimestamp, (int)position, total);
                else if (header.MaxTimestamp > MaxTimestamp) MaxTimestamp = header.MaxTimestamp;
                NextOffset = header.LastOffset + 1;
                position += total;
            }
            return new ScanResult(position);
        }
        finally
        {
            if (whole is not null) ArrayPool<byte>.Shared.Return(whole);
        }
    }

    private static RecordBatchHeader ReadPeek(ReadOnlySpan<byte> peek)
    {
        Span<byte> header = stackalloc byte[RecordBatchHeader.Size];
        peek.CopyTo(header);
        return RecordBatchHeader.Read(header);
    }

    private void IndexBatch(long baseOffset, long maxTimestamp, int position, int size)
    {
        if (_offsetIndex.Count == 0 || _bytesSinceIndexEntry >= _indexIntervalBytes)
        {
            _offsetIndex.Add((int)(baseOffset - BaseOffset), position);
            if (maxTimestamp > MaxTimestamp) _timeIndex.Add(maxTimestamp, (int)(baseOffset - BaseOffset));
            _bytesSinceIndexEntry = 0;
        }
        if (maxTimestamp > MaxTimestamp) MaxTimestamp = maxTimestamp;
        _bytesSinceIndexEntry += size;
    }

    /// <summary>Appends one batch whose baseOffset is already set. Called under the partition's lock.</summary>
    public void Append(ReadOnlySpan<byte> batch, long baseOffset, long lastOffset, long maxTimestamp)
    {
        long position = _size;
        _log.Write(position, batch);
        IndexBatch(baseOffset, maxTimestamp, (int)position, batch.Length);
        NextOffset = lastOffset + 1;
        Volatile.Write(ref _size, position + batch.Length);
    }

    /// <summary>The file position of the batch that holds <paramref name="offset"/>, or -1 when the offset is past the segment.</summary>
    public long FindPosition(long offset)
    {
        long size = Size;
        long position = _offsetIndex.Lookup((int)Math.Min(offset - BaseOffset, int.MaxValue));
        Span<byte> peek = stackalloc byte[PeekSize];
        while (position < size)
        {
            if (_log.Read(position, peek) != PeekSize) return -1;
            var header = ReadPeek(peek);
            if (header.LastOffset >= offset) return position;
            position += header.TotalSize;
        }
        return -1;
    }

    /// <summary>The first offset at or after which records have timestamp ≥ <paramref name="timestamp"/>: a batch base to scan from.</summary>
    public long FindPositionForTimestamp(long timestamp) => FindPosition(BaseOffset + _timeIndex.Lookup(timestamp));

    /// <summary>Reads bytes at <paramref name="position"/>, at most up to <see cref="Size"/>.</summary>
    public int Read(long position, Span<byte> destination)
    {
        long available = Size - position;
        if (available <= 0) return 0;
        if (destination.Length > available) destination = destination[..(int)available];
        return _log.Read(position, destination);
    }

    /// <summary>Makes the log file durable (fsync).</summary>
    public void FlushLog() => _log.Flush();

    /// <summary>Writes the indexes to their files and makes everything durable: used on roll and on clean shutdown.</summary>
    public void FlushAll()
    {
        _log.Flush();
        WriteIndexes();
    }

    private void WriteIndexes()
    {
        using (var index = _storage.Open(IndexPath, create: true))
        {
            _offsetIndex.WriteTo(index);
            index.Flush();
        }
        using (var timeIndex = _storage.Open(TimeIndexPath, create: true))
        {
            _timeIndex.WriteTo(timeIndex);
            timeIndex.Flush();
        }
        WriteTransactionIndex();
    }

    /// <summary>Writes the aborted-transaction index (or removes its file when it has no entry) and fsyncs it.</summary>
    public void WriteTransactionIndex()
    {
        if (_txnIndex.Count == 0)
        {
            if (_storage.FileExists(TxnIndexPath)) _storage.DeleteFile(TxnIndexPath);
            return;
        }
        using var txnIndex = _storage.Open(TxnIndexPath, create: true);
        _txnIndex.WriteTo(txnIndex);
        txnIndex.Flush();
    }

    /// <summary>Closes and deletes the segment's files.</summary>
    public void Delete()
    {
        Dispose();
        _storage.DeleteFile(LogPath);
        if (_storage.FileExists(IndexPath)) _storage.DeleteFile(IndexPath);
        if (_storage.FileExists(TimeIndexPath)) _storage.DeleteFile(TimeIndexPath);
        if (_storage.FileExists(TxnIndexPath)) _storage.DeleteFile(TxnIndexPath);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _log.Dispose();
    }

    private readonly record struct ScanResult(long ValidEnd);
}

/// <summary>What opening a segment found: bytes cut from a torn or corrupt tail, and whether the indexes were rebuilt.</summary>
internal readonly record struct RecoveryResult(long TruncatedBytes, bool IndexesRebuilt);
