namespace CommPlan.Testing;

/// <summary>Waits in tests, each with a deadline that fails with a message saying what never happened.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s in vain for {what}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Awaits <paramref name="task"/>; throws <see cref="TimeoutException"/> naming <paramref name="what"/> if it has not finished within <paramref name="timeout"/>.</summary>
    public static async Task<T> WithinAsync<T>(Task<T> task, TimeSpan timeout, string what)
    {
        try
        {
            return await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s in vain for {what}.");
        }
    }

    /// <inheritdoc cref="WithinAsync{T}"/>
    public static async Task WithinAsync(Task task, TimeSpan timeout, string what)
    {
        try
        {
            await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s in vain for {what}.");
        }
    }
}
