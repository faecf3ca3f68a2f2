namespace Streaming.Streams.State;

/// <summary>Reads of a session store (Kafka's <c>ReadOnlySessionStore</c>); sessions iterate by key bytes, then end, then start.</summary>
public interface IReadOnlySessionStore<TKey, TValue>
{
    /// <summary>The sessions of <paramref name="key"/> that end at or after <paramref name="earliestSessionEndMs"/> and start at or before <paramref name="latestSessionStartMs"/>.</summary>
    IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> FindSessions(TKey key, long earliestSessionEndMs, long latestSessionStartMs);

    /// <summary>The aggregate of the session of <paramref name="key"/> exactly [<paramref name="sessionStartMs"/>, <paramref name="sessionEndMs"/>].</summary>
    bool TryFetchSession(TKey key, long sessionStartMs, long sessionEndMs, out TValue value);

    /// <summary>Every session of <paramref name="key"/>.</summary>
    IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> Fetch(TKey key);
}
