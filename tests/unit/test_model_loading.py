"""Loading a model folder refuses anything outside the documented allow-list."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from hatewatch.classifiers.persist import TRUSTED_TYPES, default_model_path, load_model
from hatewatch.errors import ModelError


@pytest.fixture
def model_copy(tmp_path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(default_model_path(), target)
    return target


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _write(path: Path, members: dict[str, bytes]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    path.write_bytes(buf.getvalue())


def test_the_shipped_model_loads_under_the_allow_list(model_copy):
    model = load_model(model_copy)
    assert model.predict(["we weten waar je woont"]).tolist() == ["threat"]


def test_an_sgdclassifier_is_refused_although_skops_trusts_it(model_copy):
    import skops.io as sio
    from sklearn.linear_model import SGDClassifier

    shipped = load_model(model_copy)
    width = shipped.linear_.coef_.shape[1]
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, width))
    y = np.array(["hate", "neutral", "threat"] * 10)
    sgd = SGDClassifier(max_iter=5, tol=None, random_state=0).fit(X, y)
    assert sio.get_untrusted_types(data=sio.dumps(sgd)) == []  # skops trusts it
    (model_copy / "linear.skops").write_bytes(sio.dumps(sgd))
    with pytest.raises(ModelError, match="SGDClassifier"):
        load_model(model_copy)


def test_a_type_hidden_deep_in_the_schema_is_refused(model_copy):
    members = _members(model_copy / "linear.skops")
    schema = json.loads(members["schema.json"])
    schema["content"]["content"]["sneaky"] = {
        "__class__": "system",
        "__module__": "os",
        "__loader__": "ObjectNode",
        "content": {},
    }
    members["schema.json"] = json.dumps(schema).encode()
    _write(model_copy / "linear.skops", members)
    with pytest.raises(ModelError, match="os.system"):
        load_model(model_copy)


@pytest.mark.parametrize(
    "blob",
    [b"", b"\x00" * 10, bytes(np.random.default_rng(1).integers(0, 256, 4096, "u1"))],
)
def test_random_bytes_give_a_model_error(model_copy, blob):
    (model_copy / "linear.skops").write_bytes(blob)
    with pytest.raises(ModelError, match="not a valid hatewatch model file"):
        load_model(model_copy)


def test_a_pickled_object_array_gives_a_model_error(model_copy):
    members = _members(model_copy / "linear.skops")
    npy = sorted(n for n in members if n.endswith(".npy"))[0]
    buf = io.BytesIO()
    np.save(buf, np.array([{"x": 1}, print], dtype=object), allow_pickle=True)
    members[npy] = buf.getvalue()
    _write(model_copy / "linear.skops", members)
    with pytest.raises(ModelError, match="not a valid hatewatch model file"):
        load_model(model_copy)


def test_broken_schema_json_gives_a_model_error(model_copy):
    members = _members(model_copy / "linear.skops")
    members["schema.json"] = b"{not json"
    _write(model_copy / "linear.skops", members)
    with pytest.raises(ModelError):
        load_model(model_copy)


def test_damaged_features_json_gives_a_model_error(model_copy):
    (model_copy / "features.json").write_text('{"rule_names": []}')
    with pytest.raises(ModelError):
        load_model(model_copy)


def test_allow_list_is_documented():
    doc = (Path(__file__).parents[2] / "docs" / "model.md").read_text()
    for name in TRUSTED_TYPES:
        assert name in doc
