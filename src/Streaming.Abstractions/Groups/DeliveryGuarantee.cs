namespace Streaming;

/// <summary>The delivery guarantee a consumer (and its producer side) works with, chosen by name.</summary>
public enum DeliveryGuarantee
{
    /// <summary>
    /// Offsets are committed before a record is handed to the application: a crash loses what was in flight, nothing is
    /// redelivered. Producer side: acks 0 or 1, no retries, idempotence off.
    /// </summary>
    AtMostOnce = 0,

    /// <summary>
    /// Offsets are committed after the application has processed the records: a crash redelivers, nothing is lost.
    /// Producer side: acks=all, idempotent, retries. The default.
    /// </summary>
    AtLeastOnce = 1,

    /// <summary>
    /// read_committed consumers without auto-commit, and their offsets committed inside the transactional producer's
    /// transaction together with what it produced: each input record's results become visible exactly once.
    /// <see cref="ExactlyOnceProcessor{TInKey, TInValue, TOutKey, TOutValue}"/> wires it up.
    /// </summary>
    ExactlyOnce = 2,
}
