"""Service layer for loudspeaker announcements: what `doithoai announce` and
the web app call. Validates everything before rendering, renders, writes the
MP3, WAV master, script and .ics atomically (all or nothing), and optionally
checks intelligibility with the pipeline's own ASR.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from broadcast.errors import BroadcastError
from broadcast.event import EventFile, event_from_dict, section_table
from broadcast.master import MasterSettings, export, master
from broadcast.messages import announce as M
from broadcast.messages import audio as audio_msg
from broadcast.messages import event as event_msg
from broadcast.normalize import Normalizer
from broadcast.schedule import Plan, make_plan, to_ics
from broadcast.script import Script, build_script, check_text, parse_script
from broadcast.tts import FallbackChain, SpeechCache
from doithoai.services.voices import EngineChain, best_asr_model, engine_chain
from pipeline import atomic
from pipeline.errors import BadInputError, UserError
from pipeline.wer import normalize_words, word_errors


@dataclass
class EventFlags:
    """Event details given on the command line; they override the file."""

    organiser: str | None = None
    title: str | None = None
    date: str | None = None
    time: str | None = None
    venue: str | None = None
    audience: tuple[str, ...] = ()
    content: tuple[str, ...] = ()
    contact: str | None = None
    station: str | None = None
    slots: tuple[str, ...] = ()
    broadcast_dates: tuple[str, ...] = ()
    days_before: int | None = None
    lead_days: int | None = None
    repeat: int | None = None
    speed: float | None = None
    engine: str | None = None
    fallback: tuple[str, ...] | None = None
    voice: str | None = None  # a piper voice by name in the model store


@dataclass
class AnnounceRequest:
    """What to announce: the event (`event`, or read from `event_file` with
    `flags` over it) and at most one text (`text`, `script`, or the files
    they are read from), and where to write. The web passes the typed event
    and texts; the CLI reads the files (read_inputs)."""

    output: Path | None  # None only for preview()
    event_file: Path | None = None
    flags: EventFlags = field(default_factory=EventFlags)
    text: str | None = None
    text_file: Path | None = None
    script_file: Path | None = None
    event: EventFile | None = None  # the event, already checked (event_file and flags unused)
    script: str | None = None  # an edited script's text (--script-out's format)
    script_out: Path | None = None
    spoken_out: Path | None = None
    ics: Path | None = None
    force: bool = False
    check: bool = False
    cache_dir: Path | None = None


@dataclass
class Prepared:
    event_file: EventFile
    script: Script
    spoken: list[str]  # normalised text of each reading
    plan: Plan
    title: str
    warnings: list[str]
    chain: FallbackChain
    normalizer: Normalizer  # with the commune's dictionary
    engines: EngineChain | None = None  # what the chain was made of (names, piper's voice)


@dataclass
class CheckResult:
    wer: float
    reference_words: int
    errors: list[tuple[str, str]]
    key_errors: list[tuple[str, str]]  # names and numbers
    hypothesis: str
    model: str = ""  # the ASR model that listened


@dataclass
class AnnounceResult:
    mp3: Path
    wav: Path
    plan: Plan
    engine: str
    duration: float
    loudness: float  # measured on the decoded MP3
    true_peak: float  # dBTP, measured on the decoded MP3
    spans: list[tuple[float, float]]
    warnings: list[str]
    written: list[Path]
    check: CheckResult | None = None
    check_error: str | None = None


# --- input -------------------------------------------------------------------------------------
def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise BroadcastError(event_msg.file_not_found(path, event_msg.EVENT_FILE))
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise BroadcastError(event_msg.not_utf8(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise BroadcastError(event_msg.bad_toml(path, exc)) from None


def _merge_flags(data: dict[str, Any], f: EventFlags) -> dict[str, Any]:
    def put(section: str, key: str, value: Any) -> None:
        if value is not None and value != ():
            section_table(data, section)  # a section that is not a table is the file's mistake: say so
            data.setdefault(section, {})[key] = list(value) if isinstance(value, tuple) else value

    for key in ("title", "date", "venue", "contact"):
        put("event", key, getattr(f, key))
    put("station", "organiser", f.organiser)
    if "event" in data:
        put("event", "organiser", f.organiser)
    put("event", "start", f.time)
    put("event", "audience", f.audience)
    put("event", "content", f.content)
    put("station", "name", f.station)
    put("schedule", "slots", f.slots)
    if f.broadcast_dates:
        section_table(data, "schedule")
        data.setdefault("schedule", {}).pop("days_before", None)
        put("schedule", "dates", f.broadcast_dates)
    if f.days_before is not None:
        section_table(data, "schedule")
        data.setdefault("schedule", {}).pop("dates", None)
        put("schedule", "days_before", f.days_before)
    put("schedule", "lead_days", f.lead_days)
    put("audio", "repeat", f.repeat)
    put("audio", "speed", f.speed)
    put("audio", "engine", f.engine)
    put("audio", "voice", f.voice)
    if f.fallback is not None:  # () means no fallback at all
        section_table(data, "audio")
        data.setdefault("audio", {})["fallback"] = list(f.fallback)
    return data


def _read_text_file(path: Path, what: str) -> str:
    if not path.is_file():
        raise BroadcastError(event_msg.file_not_found(path, what))
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BroadcastError(event_msg.not_utf8(path)) from None


def read_event(event_file: Path | None, flags: EventFlags) -> EventFile:
    """The event of an event file (or none) with the command-line flags over it."""
    data = _read_toml(event_file) if event_file else {}
    data = _merge_flags(data, flags)
    ef = event_from_dict(data, base_dir=event_file.parent if event_file else None)
    return replace(ef, source=event_file)


def _check_output(req: AnnounceRequest) -> None:
    if req.output is not None and req.output.suffix.lower() != ".mp3":
        raise BadInputError(M.output_not_mp3(req.output))


def _check_one_text(req: AnnounceRequest) -> None:
    if sum(x is not None for x in (req.text, req.text_file, req.script_file, req.script)) > 1:
        raise BadInputError(M.ONE_TEXT_SOURCE)


def read_inputs(req: AnnounceRequest) -> AnnounceRequest:
    """The request with its files read: the typed event, the free text and
    the script as text (checked in the same order prepare() checks them)."""
    _check_output(req)
    event = req.event if req.event is not None else read_event(req.event_file, req.flags)
    _check_one_text(req)
    text = _read_text_file(req.text_file, event_msg.FREE_TEXT) if req.text_file is not None else req.text
    script = _read_text_file(req.script_file, event_msg.SCRIPT_FILE) if req.script_file is not None else req.script
    return replace(
        req,
        event_file=None,
        flags=EventFlags(),
        text_file=None,
        script_file=None,
        event=event,
        text=text,
        script=script,
    )


def prepare(req: AnnounceRequest) -> Prepared:
    """Everything that can be wrong with the input, found before any audio is made."""
    req = read_inputs(req)
    ef = req.event
    assert ef is not None  # read_inputs made it
    warnings: list[str] = []

    organiser = ef.event.organiser if ef.event else ef.station.organiser
    if req.script is not None:
        script = parse_script(req.script)
    elif req.text is not None:
        script = build_script(ef.station, text=unicodedata.normalize("NFC", req.text), organiser=organiser)
    else:
        script = build_script(ef.station, event=ef.event)

    written = list(script.readings(ef.audio.repeat))
    for part in written:
        check_text(part, event_msg.FREE_TEXT)
    normalizer = Normalizer(extra=ef.station.dictionary)
    results = [normalizer.explain(part) for part in written]
    spelled = sorted({t for r in results for t in r.spelled})
    unread = sorted({t for r in results for t in r.unread})
    if spelled:
        warnings.append(M.spelled_warning(spelled))
    if unread:
        warnings.append(M.unread_warning(unread))
    spoken = [r.text for r in results]

    plan = make_plan(ef.plan, ef.event).check_lead_time(force=req.force)
    warnings += plan.warnings
    title = ef.event.title if ef.event else script.body.split("\n")[0][:80]
    audio = ef.audio  # engine names, the voice and [tts.*] settings are checked here, before any rendering
    engines = engine_chain(audio)
    warnings += engines.warnings
    chain = FallbackChain(engines.names, speed=audio.speed, config=engines.config, cache=SpeechCache(req.cache_dir))
    return Prepared(ef, script, spoken, plan, title, warnings, chain, normalizer, engines)


# --- render ------------------------------------------------------------------------------------
def announce(req: AnnounceRequest, progress: Callable[[str], None] | None = None) -> AnnounceResult:
    """Render the notice and write every output; nothing is written on error."""
    say = progress or (lambda _m: None)
    if req.output is None:
        raise BadInputError(M.NO_OUTPUT)
    p = prepare(req)
    _check_folders([req.output, req.script_out, req.spoken_out, req.ics])  # before minutes of rendering
    audio, chain = p.event_file.audio, p.chain
    say(M.rendering(chain.engines[0].name, len(p.spoken)))
    sections = p.script.reading_parts(audio.repeat)
    distinct = list(dict.fromkeys(text for parts in sections for text in parts))  # the body once, though read twice
    spoken_parts = dict(
        zip(distinct, chain.speak_all([p.normalizer.normalize(text) for text in distinct]), strict=True)
    )
    readings = [[spoken_parts[text] for text in parts] for parts in sections]
    settings = MasterSettings(
        target_lufs=audio.target_lufs, true_peak=audio.true_peak, pause=audio.pause, jingle=p.event_file.station.jingle
    )
    mastered = master(readings, settings)
    today = dt.date.today()
    mp3, wav, lufs, tp = export(
        mastered, p.title, p.event_file.station.name, today, comment=p.script.body[:200], settings=settings
    )

    outputs: list[tuple[Path, bytes]] = [(req.output, mp3), (req.output.with_suffix(".wav"), wav)]
    if req.script_out:
        outputs.append((req.script_out, p.script.to_text().encode("utf-8")))
    if req.spoken_out:
        outputs.append((req.spoken_out, ("\n\n".join(p.spoken) + "\n").encode("utf-8")))
    if req.ics:
        ics = to_ics(p.plan, p.title, p.event_file.station.name, req.output.name, mastered.duration)
        outputs.append((req.ics, ics.encode("utf-8")))
    _write_all(outputs)

    result = AnnounceResult(
        mp3=req.output,
        wav=req.output.with_suffix(".wav"),
        plan=p.plan,
        engine=p.engines.label(chain.used) if p.engines else (chain.used or chain.engines[0].name),
        duration=mastered.duration,
        loudness=lufs,
        true_peak=tp,
        spans=mastered.speech_spans,
        warnings=p.warnings
        + chain.warnings
        + ([audio_msg.loudness_missed(lufs, audio.target_lufs)] if abs(lufs - audio.target_lufs) > 0.5 else []),
        written=[path for path, _ in outputs],
    )
    if req.check:
        say(M.CHECKING)
        try:
            result.check = check_intelligibility(result.wav, "\n".join(p.spoken), model=best_asr_model())
        except UserError as exc:  # the notice is made; only the check could not run
            result.check_error = str(exc)
    return result


def preview(req: AnnounceRequest) -> Prepared:
    """Validate and prepare without rendering audio; writes --script-out and
    --spoken-out (for review before the notice is made)."""
    p = prepare(req)
    outputs: list[tuple[Path, bytes]] = []
    if req.script_out:
        outputs.append((req.script_out, p.script.to_text().encode("utf-8")))
    if req.spoken_out:
        outputs.append((req.spoken_out, ("\n\n".join(p.spoken) + "\n").encode("utf-8")))
    _write_all(outputs)
    return p


def _check_folders(paths: list[Path | None]) -> None:
    """Every output's folder exists or can be made."""
    for path in paths:
        if path is None:
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(M.cannot_write(exc)) from None


def _write_all(outputs: list[tuple[Path, bytes]]) -> None:
    """Each file atomically; if one fails, the ones already written are removed."""
    done: list[Path] = []
    try:
        for path, data in outputs:
            atomic.write_bytes(path, data)
            done.append(path)
    except OSError as exc:
        for path in done:
            path.unlink(missing_ok=True)
        raise UserError(M.cannot_write(exc)) from None


# --- intelligibility -------------------------------------------------------------------------------
_NUMBER_WORDS = {
    "không",
    "một",
    "mốt",
    "hai",
    "ba",
    "bốn",
    "tư",
    "năm",
    "lăm",
    "sáu",
    "bảy",
    "tám",
    "chín",
    "mười",
    "mươi",
    "trăm",
    "nghìn",
    "ngàn",
    "triệu",
    "tỷ",
    "linh",
    "lẻ",
    "rưỡi",
}


def _proper_names(text: str) -> set[str]:
    """Lower-cased words written with a capital inside a sentence: names."""
    names: set[str] = set()
    for sentence in re.split(r"[.!?:;\n]+", text):
        words = sentence.split()
        for w in words[1:]:
            if w[:1].isupper():
                names.update(normalize_words(w))
    return names


def check_intelligibility(audio_path: Path, reference: str, model: str | None = None) -> CheckResult:
    """Transcribe the rendered notice and compare it with the normalised script."""
    try:
        from doithoai.services.recognition import transcribe_path  # lazy: faster-whisper, only for --check
    except ImportError:
        raise UserError(M.ASR_MISSING) from None
    transcript = transcribe_path(audio_path, model=model)
    result = word_errors(reference, transcript.text)
    names = _proper_names(reference)
    key = [(r, h) for r, h in result.errors if r and (r in names or r in _NUMBER_WORDS)]
    return CheckResult(result.wer, result.reference_words, result.errors, key, transcript.text, transcript.model.name)
