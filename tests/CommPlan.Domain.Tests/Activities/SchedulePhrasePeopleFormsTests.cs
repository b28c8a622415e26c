using CommPlan.Domain.Activities;
using CommPlan.Domain.Calendar;

namespace CommPlan.Domain.Tests.Activities;

/// <summary>The "Tid" column as people write it in Swedish and Norwegian plans, and as the export writes it back.</summary>
public sealed class SchedulePhrasePeopleFormsTests
{
    private const int Year = 2027;

    [Theory]
    [InlineData("maj och okt", "2027-05-01", "2027-10-31", "SpecificMonths:5,10")]
    [InlineData("mai og okt", "2027-05-01", "2027-10-31", "SpecificMonths:5,10")]
    [InlineData("4 ggr/år", "2027-01-01", "2027-12-31", "TimesPerYear:4")]
    [InlineData("4 ganger i året", "2027-01-01", "2027-12-31", "TimesPerYear:4")]
    [InlineData("fire ganger i året", "2027-01-01", "2027-12-31", "TimesPerYear:4")]
    [InlineData("två gånger per år", "2027-01-01", "2027-12-31", "TimesPerYear:2")]
    [InlineData("to ganger i året", "2027-01-01", "2027-12-31", "TimesPerYear:2")]
    [InlineData("löpande", "2027-01-01", "2027-12-31", "")]
    [InlineData("løpende", "2027-01-01", "2027-12-31", "")]
    [InlineData("Vid behov", "2027-01-01", "2027-12-31", "")]
    [InlineData("etter behov", "2027-01-01", "2027-12-31", "")]
    [InlineData("jan–mar", "2027-01-01", "2027-03-31", "")]
    [InlineData("januar–mars", "2027-01-01", "2027-03-31", "")]
    [InlineData("jan till mars", "2027-01-01", "2027-03-31", "")]
    [InlineData("januar til mars 2027", "2027-01-01", "2027-03-31", "")]
    [InlineData("Maj 2027", "2027-05-01", "2027-05-31", "")]
    [InlineData("hver måned", "2027-01-01", "2027-12-31", "Monthly:")]
    [InlineData("varannan månad", "2027-01-01", "2027-12-31", "TimesPerYear:6")]
    [InlineData("annenhver måned", "2027-01-01", "2027-12-31", "TimesPerYear:6")]
    [InlineData("varje vecka", "2027-01-01", "2027-12-31", "TimesPerYear:52")]
    [InlineData("hver uke", "2027-01-01", "2027-12-31", "TimesPerYear:52")]
    [InlineData("hvert semester", "2027-01-01", "2027-12-31", "PerTerm:")]
    [InlineData("vår och höst", "2027-01-01", "2027-12-31", "PerTerm:")]
    [InlineData("høst og vår", "2027-01-01", "2027-12-31", "PerTerm:")]
    [InlineData("Q2", "2027-04-01", "2027-06-30", "")]
    [InlineData("3:e kvartalet", "2027-07-01", "2027-09-30", "")]
    [InlineData("fjerde kvartal", "2027-10-01", "2027-12-31", "")]
    [InlineData("uke 12", "2027-03-22", "2027-03-28", "")]
    [InlineData("v.12-v.14", "2027-03-22", "2027-04-11", "")]
    [InlineData("høsten", "2027-08-01", "2027-12-31", "")]
    [InlineData("2027-03-15–2027-04-10", "2027-03-15", "2027-04-10", "")]
    [InlineData("2027-06-03", "2027-06-03", "2027-06-03", "")]
    [InlineData("varje månad (feb–nov)", "2027-02-01", "2027-11-30", "Monthly:")]
    [InlineData("maj (maj)", "2027-05-01", "2027-05-31", "SpecificMonths:5")]
    public void A_tid_cell_written_as_people_write_it_is_read(string text, string from, string to, string recurrence)
    {
        Assert.True(SchedulePhrase.TryRead(text, Year, out var schedule), text);

        Assert.Equal(new Period(DateOnly.Parse(from), DateOnly.Parse(to)), schedule.Period);
        Assert.Equal(recurrence, Describe(schedule.Recurrence));
    }

    [Theory]
    [InlineData("maj 2026")]
    [InlineData("någon gång")]
    [InlineData("tretton ggr/år")]
    [InlineData("2026-03-15–2027-04-10")]
    [InlineData("2027-04-10–2027-03-15")]
    [InlineData("varje månad (vintern)")]
    [InlineData("jan (maj)")]
    [InlineData("Q5")]
    public void What_names_no_time_of_the_plan_year_is_not_read(string text)
    {
        Assert.False(SchedulePhrase.TryRead(text, Year, out _), text);
    }

    public static TheoryData<string, string, string?> Schedules => new()
    {
        { "2027-01-01", "2027-12-31", null },
        { "2027-05-01", "2027-05-31", null },
        { "2027-01-01", "2027-03-31", null },
        { "2027-03-22", "2027-04-11", null },
        { "2027-03-15", "2027-04-10", null },
        { "2027-06-03", "2027-06-03", null },
        { "2027-01-01", "2027-01-03", null },
        { "2027-01-01", "2027-12-31", "Monthly:" },
        { "2027-02-01", "2027-11-30", "Monthly:" },
        { "2027-01-01", "2027-12-31", "TimesPerYear:4" },
        { "2027-01-01", "2027-12-31", "TimesPerYear:1" },
        { "2027-03-10", "2027-09-20", "TimesPerYear:3" },
        { "2027-01-01", "2027-12-31", "PerTerm:" },
        { "2027-05-01", "2027-10-31", "SpecificMonths:5,10" },
        { "2027-01-01", "2027-12-31", "SpecificMonths:2,5,10" },
        { "2027-05-01", "2027-05-31", "SpecificMonths:5" },
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void What_the_export_writes_in_swedish_or_norwegian_reads_back_as_the_same_schedule(string from, string to, string? recurrence)
    {
        var schedule = new Schedule(new Period(DateOnly.Parse(from), DateOnly.Parse(to)), Parse(recurrence));

        foreach (var language in new[] { Country.Sweden, Country.Norway })
        {
            var text = SchedulePhrase.Write(schedule, Year, language);
            Assert.True(SchedulePhrase.TryRead(text, Year, out var read), $"{language}: {text}");
            Assert.Equal(schedule, read);
        }
    }

    [Fact]
    public void The_export_writes_the_forms_people_use()
    {
        Assert.Equal("maj och okt", SchedulePhrase.Write(new Schedule(Period.Months(Year, 5, 10), Recurrence.SpecificMonths([5, 10])), Year, Country.Sweden));
        Assert.Equal("mai og okt", SchedulePhrase.Write(new Schedule(Period.Months(Year, 5, 10), Recurrence.SpecificMonths([5, 10])), Year, Country.Norway));
        Assert.Equal("4 ggr/år", SchedulePhrase.Write(new Schedule(Period.Year(Year), Recurrence.TimesPerYear(4)), Year, Country.Sweden));
        Assert.Equal("løpende", SchedulePhrase.Write(new Schedule(Period.Year(Year), null), Year, Country.Norway));
        Assert.Equal("jan–mars", SchedulePhrase.Write(new Schedule(Period.Months(Year, 1, 3), null), Year, Country.Sweden));
        Assert.Equal("uke 12", SchedulePhrase.Write(new Schedule(new Period(new DateOnly(Year, 3, 22), new DateOnly(Year, 3, 28)), null), Year, Country.Norway));
    }

    private static string Describe(Recurrence? r) => r is null ? "" : $"{r.Kind}:{(r.Kind == RecurrenceKind.TimesPerYear ? r.Count : string.Join(",", r.MonthNumbers))}";

    private static Recurrence? Parse(string? text)
    {
        if (text is null) return null;
        var (kind, value) = (text.Split(':')[0], text.Split(':')[1]);
        return kind switch
        {
            "Monthly" => Recurrence.Monthly(),
            "PerTerm" => Recurrence.PerTerm(),
            "TimesPerYear" => Recurrence.TimesPerYear(int.Parse(value)),
            _ => Recurrence.SpecificMonths(value.Split(',').Select(int.Parse)),
        };
    }
}
