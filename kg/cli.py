"""`kg` command line: parse arguments, call one library function, print.

Exit codes: 0 success; 1 some input could not be read (the rest was built);
2 usage error or a failure that stopped the command (store, query, export).
"""
from __future__ import annotations

import json
import sys

import click

from . import api
from . import jobs as jobs_mod
from .formats import EXPORT_FORMATS
from .errors import KGError

STORE_HELP = "store directory"
CURATION_HELP = "curation file (default: curation.toml beside the store)"


class _Jobs(click.ParamType):
    """``--jobs``: N or auto (kg.jobs)."""

    name = "N|auto"

    def get_metavar(self, *args, **kw):
        return "N|auto"

    def convert(self, value, param, ctx):
        try:
            return jobs_mod.parse(value)
        except ValueError as e:
            self.fail(str(e), param, ctx)


def _limit_options(f):
    """--max-file-size / --max-article-chars (also from KG_MAX_FILE_SIZE, KG_MAX_ARTICLE_CHARS)."""
    from .ingest import DEFAULT_LIMITS

    f = click.option("--max-article-chars", type=click.IntRange(min=1), envvar="KG_MAX_ARTICLE_CHARS",
                     default=DEFAULT_LIMITS.max_article_chars, show_default=True,
                     help="refuse longer articles (and text lines); env KG_MAX_ARTICLE_CHARS")(f)
    f = click.option("--max-file-size", type=click.IntRange(min=1), envvar="KG_MAX_FILE_SIZE",
                     default=DEFAULT_LIMITS.max_file_bytes, show_default=True,
                     help="refuse larger input files, in bytes; env KG_MAX_FILE_SIZE")(f)
    return f


def _limits(max_file_size, max_article_chars):
    from .ingest import Limits

    return Limits(max_file_bytes=max_file_size, max_article_chars=max_article_chars)


PIPELINE_HELP = ("components to run, comma-separated, or a file with one name a line "
                 "(default: kg.extract.DEFAULT_PIPELINE; see docs/architecture.md)")


def _pipeline(value):
    from .extract.registry import parse_pipeline

    return parse_pipeline(value) if value else None


def _fail(e: Exception) -> None:
    click.echo(f"kg: error: {e}", err=True)
    sys.exit(2)


def _report_input_errors(errors) -> None:
    for e in errors:
        click.echo(f"kg: input error: {e}", err=True)


@click.group(help="Build a knowledge graph from Chinese news and query, export or draw it.")
@click.version_option(package_name="kg")
def main():
    pass


@main.command(help="Ingest INPUT files/directories, extract facts, store them, validate, "
                   "export Turtle and the HTML graph.")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@click.option("--out", default=api.DEFAULT_OUT, show_default=True, help="output directory")
@click.option("--base", default=api.KGR_NS, show_default=True, help="base IRI for minted resources")
@click.option("--no-validate", is_flag=True, help="skip SHACL validation")
@click.option("--no-html", is_flag=True, help="skip the HTML graph")
@click.option("--jobs", "-j", type=_Jobs(), default="auto", show_default=True,
              help="extract on N processes (output identical to one); auto: one per CPU when there are "
                   f"{jobs_mod.AUTO_MIN_ARTICLES} articles or more to extract, else one")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="extract on a Dask distributed cluster (scheduler address, e.g. tcp://10.0.0.5:8786); "
                   "the results are written to the store here. Needs the `dask` extra.")
@click.option("--batch", type=click.IntRange(min=1), default=None, metavar="N",
              help="write the store N articles per transaction, each atomic but the build not "
                   "(default: the whole build all or nothing, staged in batches of 200 on a "
                   "checkpoint of the store; memory stays flat either way)")
@click.option("--pipeline", "pipeline", default=None, metavar="NAMES|FILE", help=PIPELINE_HELP)
@click.option("--progress", "show_progress", is_flag=True,
              help="show the progress display even when standard error is not a terminal")
@click.option("--quiet", "-q", is_flag=True, help="no progress display (the summary is still printed)")
@click.option("--curation", default=None, metavar="FILE", help=CURATION_HELP + "; applied on every build")
@click.option("--no-curation", is_flag=True, help="build without applying the curation file")
@_limit_options
def build(inputs, store, out, base, no_validate, no_html, jobs, dask_address, batch, pipeline, show_progress,
          quiet, curation, no_curation, max_file_size, max_article_chars):
    from .progress import BuildProgress

    shown = not quiet and (show_progress or sys.stderr.isatty())
    try:
        with BuildProgress(enabled=shown, force=show_progress) as progress:
            summary = api.build(inputs, store=store, out=out, base=base, validate=not no_validate,
                                html=not no_html, progress=progress if shown else None,
                                limits=_limits(max_file_size, max_article_chars),
                                jobs=jobs, dask=dask_address, batch=batch, pipeline=_pipeline(pipeline),
                                curation=False if no_curation else curation)
    except KGError as e:
        _fail(e)
    _report_input_errors(summary.errors)
    click.echo(summary.to_text())
    if summary.errors:
        sys.exit(1)


@main.command(help="Run a SPARQL query against the store (kg:, kgr:, schema:, org:, prov:, skos:, dcterms:, "
                   "rdf:, rdfs:, xsd: are pre-bound).")
@click.argument("sparql", required=False)
@click.option("--file", "file_", type=click.Path(exists=True, dir_okay=False), help="read the query from a file")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
def query(sparql, file_, fmt, store):
    if file_:
        with open(file_, encoding="utf-8") as f:
            sparql = f.read()
    if not sparql:
        _fail("give a query or --file")
    try:
        click.echo(api.query(sparql, store, fmt), nl=False)
    except KGError as e:
        _fail(e)


@main.command(help="Who held which title at an organisation (on a date), from the latest evidence; "
                   "articles that disagree are shown side by side, each with its evidence and date.")
@click.option("--org", required=True, help="the organisation's name (its label or another name of it)")
@click.option("--on", "on", metavar="DATE", help="a date: YYYY, YYYY-MM or YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
def roles(org, on, fmt, store):
    from .roles_query import format_claims

    try:
        claims = api.roles(org, store, on)
    except KGError as e:
        _fail(e)
    if fmt == "json":
        click.echo(json.dumps([c.__dict__ for c in claims], ensure_ascii=False, indent=1))
    else:
        click.echo(format_claims(claims), nl=False)


@main.command(help="Export the store as turtle, nt, trig, nquads, jsonld, graphml, csv, a Cypher script "
                   "(cypher for Neo4j, cypher-kuzu for Kuzu) or neo4j-admin CSV files (neo4j-csv, into "
                   "the directory --out).")
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="turtle", show_default=True)
@click.option("--out", "out", default=None,
              help="file to write (default: standard output); a directory for neo4j-csv")
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
def export(fmt, out, store):
    try:
        res = api.export(fmt, store, out)
    except KGError as e:
        _fail(e)
    if out is None:
        click.echo(res, nl=False)
    else:
        click.echo(f"wrote {res}", err=True)


@main.command(help="Remove articles from the store: each TARGET is a source name (e.g. seed-page.txt, "
                   "every article read from it) or an article IRI. Entities another article still "
                   "mentions stay.")
@click.argument("targets", nargs=-1, required=True)
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
def remove(targets, store):
    try:
        removed, unmatched = api.remove(targets, store)
    except KGError as e:
        _fail(e)
    for iri in removed:
        click.echo(f"removed {iri}")
    click.echo(f"{len(removed)} article(s) removed", err=True)
    for t in unmatched:
        click.echo(f"kg: input error: {t}: no article or source of that name in the store", err=True)
    if unmatched:
        sys.exit(1)


@main.command(help="Serve the store as a SPARQL 1.1 endpoint at http://HOST:PORT/sparql (GET/POST; JSON, XML, "
                   "CSV or TSV results by Accept), with a query page at / and the graph at /graph. "
                   "Binds 127.0.0.1 by default and is read-only unless --allow-update; every query is "
                   "limited in time (--timeout, HTTP 503 past it), in memory (--max-query-memory, HTTP 503) "
                   "and in result size (--max-result-bytes, HTTP 422 past it). Federated queries (SERVICE) "
                   "are refused unless --allow-service; requests for other host names (--allow-host) and "
                   "updates posted by other sites' pages are refused.")
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on (0.0.0.0 exposes the store to the network)")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="port (0: any free one)")
@click.option("--allow-update", is_flag=True,
              help="accept SPARQL UPDATE (into article graphs; the union is recomputed after each)")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              help="query time limit in seconds")
@click.option("--max-result-bytes", type=click.IntRange(min=1), default=10_000_000, show_default=True,
              help="result size limit in bytes")
@click.option("--max-query-memory", type=click.IntRange(min=64_000_000), default=1_000_000_000, show_default=True,
              help="memory in bytes a query may use in its worker process")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="query worker processes (1 with --allow-update); one more is kept for short queries")
@click.option("--allow-service", is_flag=True,
              help="allow federated queries (SERVICE <url>): the server then sends requests to any URL a query names")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="also answer requests for this host name (repeatable); by default only the --host "
                   "address, and localhost / 127.0.0.1 / ::1 for a loopback or 0.0.0.0 bind")
@click.option("--allow-curation", is_flag=True,
              help="the graph page (/graph) offers reject and merge buttons that write the curation file "
                   "(loopback --host only); the next kg build applies them")
@click.option("--curation", default=None, metavar="FILE", help=CURATION_HELP)
def serve(store, host, port, allow_update, timeout, max_result_bytes, max_query_memory, workers,
          allow_service, allow_hosts, allow_curation, curation):
    def ready(url):
        mode = "read-write" if allow_update else "read-only"
        click.echo(f"serving {store} ({mode}) at {url}/sparql ; query page {url}/ ; Ctrl-C stops", err=True)

    try:
        api.serve(store, host, port, allow_update, timeout, max_result_bytes, workers, ready=ready,
                  allow_service=allow_service, allow_hosts=tuple(allow_hosts), max_query_memory=max_query_memory,
                  allow_curation=allow_curation, curation=curation)
    except KGError as e:
        _fail(e)


@main.command(help="Send every article graph of the store to a SPARQL 1.1 Graph Store Protocol server "
                   "(Oxigraph, Fuseki, GraphDB): PUT URL?graph=<article IRI>, replacing that graph there.")
@click.option("--endpoint", required=True, metavar="URL",
              help="the server's Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph), "
                   "http://localhost:3030/ds/data (Fuseki)")
@click.option("--union", is_flag=True, help="also replace the server's default graph with the union of the articles")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="seconds to wait for each request")
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
def push(endpoint, union, timeout, store):
    try:
        summary = api.push(endpoint, store, union=union, timeout=timeout)
    except KGError as e:
        _fail(e)
    click.echo(summary.to_text())


@main.command(help="Extract facts from INPUT without touching the store; one JSON object per article.")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("--pipeline", "pipeline", default=None, metavar="NAMES|FILE", help=PIPELINE_HELP)
@_limit_options
def extract(inputs, fmt, pipeline, max_file_size, max_article_chars):
    try:
        extractions, errors = api.extract(inputs, limits=_limits(max_file_size, max_article_chars),
                                          pipeline=_pipeline(pipeline))
    except KGError as e:
        _fail(e)
    for ex in extractions:
        click.echo(json.dumps(api.extraction_json(ex), ensure_ascii=False))
    _report_input_errors(errors)
    if errors:
        sys.exit(1)


@main.command(help="Write the interactive HTML graph of the store (works offline): all of it, "
                   "the neighbourhood of one entity, some classes, or a query result.")
@click.option("--out", default="exports/graph.html", show_default=True, help="HTML file to write")
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@click.option("--focus", metavar="NAME", help="draw only this entity (any of its names) and its neighbourhood")
@click.option("--hops", type=click.IntRange(min=0), default=1, show_default=True,
              help="with --focus: how many edges away to go")
@click.option("--class", "classes", metavar="A,B", help="only these classes, e.g. Park,Organization")
@click.option("--query", "query_file", type=click.Path(exists=True, dir_okay=False), metavar="FILE.rq",
              help="draw the result of a CONSTRUCT, or of a SELECT of ?s ?p ?o")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="keep the N nodes of highest degree (the page says so)")
def viz(out, store, focus, hops, classes, query_file, max_nodes):
    if hops != 1 and focus is None:
        _fail("--hops needs --focus")
    sparql = None
    if query_file:
        with open(query_file, encoding="utf-8") as f:
            sparql = f.read()
    try:
        path = api.visualize(store, out, focus=focus, hops=hops, classes=classes, query=sparql,
                             max_nodes=max_nodes)
    except KGError as e:
        _fail(e)
    click.echo(f"wrote {path}")


# ---------------------------------------------------------------- kg curate


def _curation_options(f):
    f = click.option("--by", default=None, metavar="NAME", help="author of the decision (default: $USER)")(f)
    f = click.option("--note", default="", help="why: kept with the decision (the evidence of an added fact)")(f)
    f = click.option("--curation", default=None, metavar="FILE", help=CURATION_HELP)(f)
    f = click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)(f)
    return f


def _decide(action, store, curation, by, note, **keys):
    try:
        d = api.curate(action, store=store, curation=curation, by=by, note=note, **keys)
    except KGError as e:
        _fail(e)
    click.echo(f"{d.describe()}  (line {d.line}; applied by the next kg build)")


@main.group(help="Correct the graph: decisions kept in a curation file beside the store (TOML) that every "
                 "kg build applies, so rebuilds and new articles keep them. README, \"Correcting the graph\".")
def curate():
    pass


@curate.command(name="reject", help="Reject a fact: by its assertion IRI, or by --subject/--relation/--object "
                                    "labels (any name of the entity).")
@click.argument("assertion", required=False)
@click.option("--subject", default=None, help="subject label")
@click.option("--relation", default=None, help="relation, e.g. locatedIn")
@click.option("--object", "object_", default=None, help="object label (a role: its title or organisation)")
@click.option("--article", default=None, help="only in this article (source name, title or IRI)")
@_curation_options
def curate_reject(assertion, subject, relation, object_, article, store, curation, by, note):
    if not assertion and not (subject and relation and object_):
        _fail("give an assertion IRI, or --subject, --relation and --object")
    _decide("reject", store, curation, by, note, assertion=assertion, subject=subject, relation=relation,
            object=object_, article=article)


@curate.command(name="add", help="Add a fact by hand: SUBJECT RELATION OBJECT (labels; OBJECT is an entity, the "
                                 "organisation of a holdsRole with --title, an amount such as 5亿元 for "
                                 "investment, or a year for foundingYear). The note is its evidence.")
@click.argument("subject")
@click.argument("relation")
@click.argument("object_", metavar="OBJECT")
@click.option("--subject-class", default=None, help="class of a new subject entity (Organization, Park, ...)")
@click.option("--object-class", default=None, help="class of a new object entity")
@click.option("--title", default=None, help="holdsRole: the title held at the organisation OBJECT")
@click.option("--former", is_flag=True, help="holdsRole: a role no longer held (kg:current false)")
@_curation_options
def curate_add(subject, relation, object_, subject_class, object_class, title, former, store, curation, by, note):
    _decide("add", store, curation, by, note, subject=subject, relation=relation, object=object_,
            subject_class=subject_class, object_class=object_class, title=title,
            current="false" if former else None)


@curate.command(name="merge", help="ENTITY and INTO are the same entity (owl:sameAs): one entity, INTO's label.")
@click.argument("entity")
@click.argument("into")
@click.option("--class", "cls", default=None, help="class of ENTITY, when its name is ambiguous")
@click.option("--into-class", default=None, help="class of INTO, when its name is ambiguous")
@_curation_options
def curate_merge(entity, into, cls, into_class, store, curation, by, note):
    _decide("merge", store, curation, by, note, entity=entity, **{"class": cls}, into=into, into_class=into_class)


@curate.command(name="split", help="Split a wrongly merged ENTITY: the mentions named FORM... become an entity "
                                   "apart (--label names it).")
@click.argument("entity")
@click.argument("forms", nargs=-1, required=True)
@click.option("--label", default=None, help="label of the new entity (default: the longest of its names)")
@click.option("--class", "cls", default=None, help="class of ENTITY, when its name is ambiguous")
@_curation_options
def curate_split(entity, forms, label, cls, store, curation, by, note):
    _decide("split", store, curation, by, note, entity=entity, **{"class": cls}, forms=list(forms), label=label)


@curate.command(name="rename", help="Set ENTITY's canonical label (--label; the old one stays an alias) "
                                    "and/or class (--to-class: a class or an organisation kind).")
@click.argument("entity")
@click.option("--label", default=None, help="new canonical label")
@click.option("--to-class", default=None, help="new class: Person, Organization, Park, Place, Project, Event, "
                                               "or a kind (Company, GovernmentBody, ...)")
@click.option("--class", "cls", default=None, help="class of ENTITY, when its name is ambiguous")
@_curation_options
def curate_rename(entity, label, to_class, cls, store, curation, by, note):
    _decide("rename", store, curation, by, note, entity=entity, **{"class": cls}, label=label, to_class=to_class)


@curate.command(name="unalias", help="ALIAS is not a name of ENTITY: it leaves its alternative labels, and "
                                     "mentions so named are not joined to it.")
@click.argument("entity")
@click.argument("alias")
@click.option("--class", "cls", default=None, help="class of ENTITY, when its name is ambiguous")
@_curation_options
def curate_unalias(entity, alias, cls, store, curation, by, note):
    _decide("unalias", store, curation, by, note, entity=entity, **{"class": cls}, alias=alias)


@curate.command(name="list", help="List the decisions of the curation file with their lines; those the last "
                                  "build could not apply are marked with why.")
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@click.option("--curation", default=None, metavar="FILE", help=CURATION_HELP)
def curate_list(store, curation):
    try:
        cf, unmatched, changed = api.curate_list(store, curation)
    except KGError as e:
        _fail(e)
    if not cf.decisions:
        click.echo(f"{cf.path}: no decisions")
        return
    for d in cf.decisions:
        mark = f"  NOT APPLIED: {unmatched[d.id]}" if d.id in unmatched else ""
        click.echo(f"{cf.path.name}:{d.line}: {d.describe()}  [{d.author} {d.time}]{mark}")
    if changed:
        click.echo("(the file changed since the last kg build: build again to apply it)")


@curate.command(name="undo", help="Take decision ID (default: the last one) out of the curation file.")
@click.argument("decision_id", metavar="ID", required=False)
@click.option("--store", default=api.DEFAULT_STORE, show_default=True, help=STORE_HELP)
@click.option("--curation", default=None, metavar="FILE", help=CURATION_HELP)
def curate_undo(decision_id, store, curation):
    try:
        d = api.curate_undo(store, curation, decision_id)
    except KGError as e:
        _fail(e)
    click.echo(f"removed {d.describe()}  (the next kg build no longer applies it)")


@main.command(name="eval", help="Score extraction on INPUT against an answer key (kg-gold/1): "
                                "P/R/F1 per relation and for entities, misses and false positives.")
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False), help="answer key JSON")
@click.option("--json", "as_json", is_flag=True, help="print the scores as JSON")
@click.option("--ttl", default=None, help="also write the evaluated graph as Turtle")
@click.option("--pipeline", "pipeline", default=None, metavar="NAMES|FILE", help=PIPELINE_HELP)
@click.option("--curation", default=None, metavar="FILE",
              help="score the graph with this curation file applied (default: extraction alone)")
@click.argument("inputs", nargs=-1, required=True)
def eval_(gold, as_json, ttl, pipeline, curation, inputs):
    from .evaluate import format_report

    try:
        result, errors, graph = api.evaluate(gold, inputs, pipeline=_pipeline(pipeline), curation=curation)
    except KGError as e:
        _fail(e)
    if ttl:
        graph.serialize(ttl, format="turtle", encoding="utf-8")
    _report_input_errors(errors)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(result))


@main.command(help="Train the name tagger (kg/tagger.py) on CLUENER2020 train without its held-out tenth "
                   "and Resume NER train, then print held-out scores. Defaults reproduce the shipped model.")
@click.option("--cluener", default="../shared/corpus/cluener-train.json", show_default=True,
              type=click.Path(exists=True, dir_okay=False), help="CLUENER2020 train.json")
@click.option("--resume", default="../shared/corpus/resume-ner", show_default=True,
              type=click.Path(exists=True, file_okay=False), help="Resume NER directory (train/dev .char.bmes)")
@click.option("--out", default=None, help="model file to write (default: the package's kg/models/tagger.crfsuite)")
@click.option("--iterations", type=click.IntRange(min=1), default=None, help="L-BFGS iterations")
def train(cluener, resume, out, iterations):
    import dataclasses

    from . import train as training

    params = training.Params()
    if iterations is not None:
        params = dataclasses.replace(params, iterations=iterations)
    try:
        training.run(cluener, resume, out or training.DEFAULT_OUT, params,
                     log=lambda m: click.echo(m, err=True), out=click.echo)
    except KGError as e:
        _fail(e)


if __name__ == "__main__":
    main()
