from metacore.lab.plan_eval.setups import ASSIST, held_out_beside


def test_its_dkt_students_start_from_the_held_out_file_beside_the_training_file(tmp_path):
    assert held_out_beside(ASSIST).endswith("assist2009/test.csv.gz")  # the shipped copy is gzipped
    train = tmp_path / "train.csv"
    train.write_text("1\n1\n1\n")
    assert held_out_beside(str(train)) == str(train)  # no test file: the training file itself
    (tmp_path / "test.csv").write_text("1\n1\n0\n")
    assert held_out_beside(str(train)) == str(tmp_path / "test.csv")
