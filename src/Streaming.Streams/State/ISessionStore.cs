namespace Streaming.Streams.State;

/// <summary>A session state store (Kafka's <c>SessionStore</c>).</summary>
public interface ISessionStore<TKey, TValue> : IStateStore, IReadOnlySessionStore<TKey, TValue>
{
    /// <summary>Sets the aggregate of the session <paramref name="sessionKey"/>; a null aggregate removes it.</summary>
    void Put(Windowed<TKey> sessionKey, TValue aggregate);

    /// <summary>Removes the session <paramref name="sessionKey"/>.</summary>
    void Remove(Windowed<TKey> sessionKey);
}
